import {
  ConfigurationError,
  createHttpClient,
  isLoopbackHost,
  parseSettings,
  toexUserAgent,
  untilAborted,
} from '@toex/core';
import type {
  LanguageSupport,
  TranslationCallOptions,
  TranslationLimits,
  TranslationProvider,
  TranslationRequest,
  TranslationResponse,
  TranslationWarning,
} from '../../spec';
import { VERSION } from '../../version';
import { apertiumListPairsResponseSchema, apertiumTranslateResponseSchema } from './apertium-api';
import {
  ApertiumIncompleteTranslationError,
  ApertiumPairNotInstalledError,
  parseApertiumError,
} from './apertium-errors';
import { type ApertiumPair, debianPackageFor, findPair, pairKey, toLanguageTag } from './apertium-languages';
import { decodeSegments, encodeSegments, packSegments } from './apertium-segments';
import { type ApertiumTranslatorSettings, apertiumTranslatorSettingsSchema } from './apertium-settings';
import { installedApertiumPackages } from './local-apy';

/** Where APY listens when nothing else is configured: its default port, on this machine. */
export const APERTIUM_DEFAULT_URL = 'http://127.0.0.1:2737';

/** Default and ceiling of `maxRequestBytes`; see {@link ApertiumTranslatorSettings.maxRequestBytes}. */
const DEFAULT_MAX_REQUEST_BYTES = 4_096;
/**
 * APY keeps at most 10 chunks of a request, and every chunk but the last is at least 502 code points
 * (half of its 1,000-character chunk under load, plus the cut character). Up to this size nothing is
 * ever dropped, whatever the load.
 */
const NEVER_TRUNCATED_CODE_POINTS = 5_000;

/**
 * Limits the packer works to. One request of 3,700 bytes of text plus 50 × 7 bytes of `<p></p>` fits
 * APY's 4,096-byte chunk, so it is translated in one piece. Texts are capped at 1,000 characters: even
 * escaped at worst (`&` → `&amp;`) one text stays under 5,000 code points, which APY never truncates.
 * Longer texts are split at sentence boundaries by the pipeline; Apertium translates sentence by sentence
 * anyway, so nothing is lost.
 */
const APERTIUM_LIMITS: TranslationLimits = {
  maxItemsPerRequest: 50,
  maxCharactersPerRequest: 3_700,
  maxBytesPerRequest: 3_700,
  maxCharactersPerItem: 1_000,
  charactersCountPerTarget: false,
  // APY holds one pipeline per pair behind a lock: concurrent requests only queue (measured slower).
  maxConcurrentRequests: 1,
};

/**
 * A {@link TranslationProvider} for a local Apertium APY server: free, offline, rule-based.
 *
 * Several texts go in one request as HTML paragraphs (see `apertium-segments.ts` for why and what was
 * measured); every response is checked to hold every text whole, because APY silently drops the end of
 * long input. A short or broken response is never passed on: its texts are translated again one by one.
 * Language codes may be ISO 639-1 (`es`), ISO 639-3 (`spa`) or BCP 47 with a region (`en-US`).
 *
 * @example
 * const apertium = createApertiumTranslator({ baseUrl: 'http://127.0.0.1:2737' });
 * const { items } = await apertium.translate({ texts: ['Buenos días.'], from: 'es', to: ['en'] });
 * // items[0].translations.en === 'Good morning.'
 */
export function createApertiumTranslator(given: ApertiumTranslatorSettings = {}): TranslationProvider {
  const settings = parseSettings(apertiumTranslatorSettingsSchema, given, 'createApertiumTranslator');
  const endpoint = resolveBaseUrl(settings.baseUrl);
  const maxRequestBytes = checkMaxRequestBytes(settings.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  const markUnknown = settings.markUnknownWords === true ? 'yes' : 'no';
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/translate', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs ?? 30_000,
    allowInsecureHttp: settings.allowInsecureHttp,
    logger: settings.logger,
  });
  // The installed pairs change only when APY restarts with other packages, so ask once per instance.
  let pairsPromise: Promise<ApertiumPair[]> | undefined;

  function installedPairs(signal: AbortSignal | undefined): Promise<ApertiumPair[]> {
    if (pairsPromise === undefined) {
      // Shared by concurrent callers, so no single caller's signal may cancel it.
      pairsPromise = fetchPairs();
      // A failed lookup (APY not up yet) must not be remembered.
      pairsPromise.catch(() => {
        pairsPromise = undefined;
      });
    }
    return untilAborted(pairsPromise, signal);
  }

  async function fetchPairs(): Promise<ApertiumPair[]> {
    const { value } = await http.getJson({
      url: `${endpoint}/listPairs`,
      responseSchema: apertiumListPairsResponseSchema,
      errorParser: parseApertiumError,
      hint: 'Is APY running? Start it with `node scripts/apertium/apy-server.mjs start`.',
    });
    const pairs: ApertiumPair[] = [];
    for (const entry of value.responseData ?? []) {
      if (entry.sourceLanguage && entry.targetLanguage) {
        pairs.push({ source: entry.sourceLanguage, target: entry.targetLanguage });
      }
    }
    return pairs;
  }

  async function resolvePair(
    from: string,
    to: string,
    signal: AbortSignal | undefined,
  ): Promise<ApertiumPair> {
    const pairs = await installedPairs(signal);
    const pair = findPair(from, to, pairs);
    if (pair !== undefined) return pair;
    throw new ApertiumPairNotInstalledError({
      from,
      to,
      installedPairs: pairs.map(pairKey),
      debianPackage: debianPackageFor(from, to),
      endpoint,
    });
  }

  /** One HTTP exchange: APY's translation of `q`. */
  async function post(pair: ApertiumPair, q: string, signal: AbortSignal | undefined): Promise<string> {
    const { value } = await http.postForm({
      url: `${endpoint}/translate`,
      body: { langpair: `${pair.source}|${pair.target}`, q, markUnknown },
      signal,
      responseSchema: apertiumTranslateResponseSchema,
      errorParser: parseApertiumError,
    });
    return value.responseData?.translatedText ?? '';
  }

  /** Translates one text on its own, and throws rather than return a cut or empty translation. */
  async function translateAlone(
    pair: ApertiumPair,
    text: string,
    index: number,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const q = encodeSegments([text]);
    const decoded = decodeSegments(await post(pair, q, signal), 1);
    const translation = decoded.segments[0];
    const reason = !decoded.complete
      ? decoded.reason
      : isMissing(text, translation)
        ? 'nothing came back for a non-empty text'
        : undefined;
    if (reason === undefined && translation !== undefined) return translation;
    const tooLong = [...q].length > NEVER_TRUNCATED_CODE_POINTS;
    throw new ApertiumIncompleteTranslationError({
      index,
      reason: reason ?? 'nothing came back',
      // A text small enough never to be cut should have come back whole; trying again may work. A longer
      // one will be cut again: it has to be split.
      retryable: !tooLong,
      hint: tooLong
        ? `The text is too long for one APY request; split texts longer than ${APERTIUM_LIMITS.maxCharactersPerItem} characters (the toex pipeline does this from the provider limits).`
        : 'APY may be overloaded or misbehaving; retrying later may help.',
    });
  }

  return {
    async describeEngine() {
      // Only a server on this machine is known to run this machine's packages.
      const packages = isLoopbackHost(new URL(endpoint).hostname) ? await installedApertiumPackages() : {};
      const { 'apertium-apy': apyVersion, ...pairs } = packages;
      const version = settings.apyVersion ?? apyVersion;
      return {
        name: 'Apertium APY',
        ...(version === undefined ? {} : { version }),
        ...(Object.keys(pairs).length === 0 ? {} : { components: pairs }),
      };
    },
    id: 'apertium',
    apiVersion: settings.apyVersion ?? 'apy',
    endpoint,
    limits: APERTIUM_LIMITS,
    capabilities: { detectsLanguage: false, multipleTargets: false, glossary: 'none' },
    billing: {
      provider: 'apertium',
      service: 'apy',
      sku: 'self-hosted',
      characterCounting: 'none',
      billedPerTarget: false,
      billsMarkup: false,
    },

    async translate(
      request: TranslationRequest,
      options: TranslationCallOptions = {},
    ): Promise<TranslationResponse> {
      const { from, target } = checkRequest(request);
      const signal = options.signal;
      const pair = await resolvePair(from, target, signal);
      const translations: string[] = new Array(request.texts.length);
      const warnings: TranslationWarning[] = [];

      // Usually one batch: the packer already sized the request. More only when escaping grew it.
      for (const batch of packSegments(request.texts, maxRequestBytes)) {
        const texts = batch.map((index) => request.texts[index] ?? '');
        // Paragraphs that came back closed are whole even when the response is short: APY drops the end.
        let whole: string[] = [];
        if (batch.length > 1) {
          const decoded = decodeSegments(await post(pair, encodeSegments(texts), signal), batch.length);
          whole = decoded.segments;
          if (!decoded.complete) {
            warnings.push({
              type: 'other',
              message:
                `APY's answer for ${batch.length} texts in one request was incomplete (${decoded.reason}); ` +
                `the ${batch.length - whole.length} missing were translated one by one.`,
            });
          }
        }
        for (const [position, index] of batch.entries()) {
          const text = texts[position] ?? '';
          const translation = whole[position];
          translations[index] =
            translation !== undefined && !isMissing(text, translation)
              ? translation
              : await translateAlone(pair, text, index, signal);
        }
      }

      return {
        items: translations.map((translation) => ({ translations: { [target]: translation } })),
        warnings,
      };
    },

    async languages(options: TranslationCallOptions = {}): Promise<LanguageSupport> {
      const pairs = await installedPairs(options.signal);
      const tagged = pairs.map((pair) => ({
        from: toLanguageTag(pair.source),
        to: toLanguageTag(pair.target),
      }));
      return {
        from: unique(tagged.map((pair) => pair.from)),
        to: unique(tagged.map((pair) => pair.to)),
        pairs: tagged,
      };
    },
  };
}

/** True when a text with content came back as nothing: a sign of a dropped or broken segment. */
function isMissing(text: string, translation: string | undefined): boolean {
  return translation === undefined || (text.trim() !== '' && translation.trim() === '');
}

function checkRequest(request: TranslationRequest): { from: string; target: string } {
  const [target, ...others] = request.to;
  if (target === undefined || others.length > 0) {
    throw new ConfigurationError({
      code: 'unsupported_option',
      setting: 'to',
      message: `Apertium translates into one language per request; got ${request.to.length} target languages (${request.to.join(', ')}).`,
    });
  }
  if (request.from === undefined || request.from.trim() === '') {
    throw new ConfigurationError({
      code: 'source_language_required',
      setting: 'from',
      message:
        'Apertium cannot detect the source language: give `from` (e.g. `es`), or let the pipeline detect it first.',
    });
  }
  return { from: request.from, target };
}

function resolveBaseUrl(configured: string | undefined): string {
  const fromEnvironment = typeof process === 'undefined' ? undefined : process.env.APERTIUM_URL;
  const chosen = configured ?? (fromEnvironment === '' ? undefined : fromEnvironment) ?? APERTIUM_DEFAULT_URL;
  return chosen.replace(/\/+$/, '');
}

function checkMaxRequestBytes(value: number): number {
  if (!Number.isInteger(value) || value < 64 || value > NEVER_TRUNCATED_CODE_POINTS) {
    throw new ConfigurationError({
      code: 'invalid_option',
      setting: 'maxRequestBytes',
      message: `maxRequestBytes must be a whole number from 64 to ${NEVER_TRUNCATED_CODE_POINTS} (APY drops text beyond 10 chunks); got ${String(value)}.`,
    });
  }
  return value;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
