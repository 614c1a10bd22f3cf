import { ConfigurationError, type ErrorParser, hasMarker, secureJsonParse, ToexError } from '@toex/core';
import { apertiumErrorBodySchema } from './apertium-api';

// APY's error bodies carry no error code of their own (`code` repeats the HTTP status), only an English
// `explanation`. These are toex's stable names for the explanations APY 0.11.7 sends.
const PROVIDER_CODES: Record<string, string> = {
  'That pair is not installed': 'pair_not_installed',
  'That pair is invalid, use e.g. eng|spa': 'pair_invalid',
  'Missing argument q': 'missing_argument',
  'internal error': 'internal_error',
};

/**
 * Reads APY's error body (`{"status":"error","code":400,"message":"Bad Request","explanation":"…"}`) for
 * the core HTTP client: `explanation` becomes the message, and a stable `providerCode` is derived from it.
 * A 503 `internal error` (a stuck or crashed translation pipeline, which APY restarts) stays retryable.
 */
export const parseApertiumError: ErrorParser = (statusCode, bodyText) => {
  let json: unknown;
  try {
    json = secureJsonParse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = apertiumErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const explanation = parsed.data.explanation ?? parsed.data.message ?? undefined;
  if (explanation === undefined) return undefined;
  const providerCode = PROVIDER_CODES[explanation];
  return {
    providerCode,
    message: explanation,
    hint:
      providerCode === 'internal_error' || statusCode === 503
        ? 'APY restarts a failed translation pipeline on the next request; retrying helps.'
        : providerCode === 'pair_not_installed'
          ? 'Install the Debian package of the pair (e.g. apertium-eng-cat) and restart APY.'
          : undefined,
  };
};

const pairMarker = 'toex.error.apertium.pair_not_installed';
const pairSymbol = Symbol.for(pairMarker);

/**
 * The APY server has no pair for the requested languages. Never retryable: install the pair's Debian
 * package (named in the message when Debian 12 has one) and restart APY.
 */
export class ApertiumPairNotInstalledError extends ConfigurationError {
  private readonly [pairSymbol] = true;
  /** The source language as requested. */
  readonly from: string;
  /** The target language as requested. */
  readonly to: string;
  /** The pairs the server does have, in APY's codes (`spa-eng`). */
  readonly installedPairs: readonly string[];
  /** The Debian package that adds the pair, when there is one. */
  readonly debianPackage: string | undefined;

  constructor(options: {
    from: string;
    to: string;
    installedPairs: readonly string[];
    debianPackage: string | undefined;
    endpoint: string;
  }) {
    const installed = options.installedPairs.length === 0 ? 'none' : options.installedPairs.join(', ');
    const remedy =
      options.debianPackage === undefined
        ? 'Debian has no Apertium package for it (`apt-cache search apertium` lists those it has).'
        : `Install it with \`apt-get install -y ${options.debianPackage}\` and restart APY.`;
    super({
      code: 'apertium_pair_not_installed',
      setting: 'to',
      message:
        `Apertium at ${options.endpoint} cannot translate ${options.from} → ${options.to}: that pair is not ` +
        `installed. Installed pairs: ${installed}. ${remedy}`,
    });
    this.name = 'ApertiumPairNotInstalledError';
    this.from = options.from;
    this.to = options.to;
    this.installedPairs = options.installedPairs;
    this.debianPackage = options.debianPackage;
  }

  static override isInstance(error: unknown): error is ApertiumPairNotInstalledError {
    return hasMarker(error, pairMarker);
  }
}

const incompleteMarker = 'toex.error.apertium.incomplete_translation';
const incompleteSymbol = Symbol.for(incompleteMarker);

/**
 * APY answered HTTP 200 but the translation of a text did not come back whole: APY cuts a request into at
 * most 10 chunks and silently drops the rest, or returned nothing for a non-empty text. Raised only after
 * translating the text on its own also failed, so toex never passes a cut or empty translation as done.
 */
export class ApertiumIncompleteTranslationError extends ToexError {
  private readonly [incompleteSymbol] = true;
  /** Position of the text in the request. */
  readonly index: number;

  constructor(options: { index: number; reason: string; retryable: boolean; hint: string }) {
    super({
      code: 'apertium_incomplete_translation',
      retryable: options.retryable,
      message: `Apertium returned an incomplete translation for text ${options.index + 1} of the request (${options.reason}). ${options.hint}`,
    });
    this.name = 'ApertiumIncompleteTranslationError';
    this.index = options.index;
  }

  static override isInstance(error: unknown): error is ApertiumIncompleteTranslationError {
    return hasMarker(error, incompleteMarker);
  }
}
