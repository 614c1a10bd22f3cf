import { delay, HttpResponse, http } from 'msw';
import { type FakeService, FakeServiceState } from './fake-service';
import type { FaultDecision, FaultPlan, RecordedRequest } from './fault-plan';
import { headersToRecord, parseBodyForRecord } from './fault-plan';

// A fake of the DeepL API that follows its documented wire format (openapi.yaml of DeepLcom/openapi, spec 3.11.0):
// - POST /v2/translate: https://developers.deepl.com/api-reference/translate
// - POST and GET /v3/glossaries: https://developers.deepl.com/api-reference/multilingual-glossaries
// - auth header `DeepL-Auth-Key`, Free keys (`:fx`) on api-free.deepl.com: https://developers.deepl.com/docs/getting-started/auth
// - limits (50 texts, 128 KiB body, glossary terms ≤ 1,024 bytes): https://developers.deepl.com/docs/resources/usage-limits
// - errors (`{"message":…}`; 403, 404, 413, 429, 456, 5xx, 529): https://developers.deepl.com/docs/best-practices/error-handling
// - billing (code points of the source text): https://developers.deepl.com/docs/best-practices/estimating-character-usage
// Statuses are documented; most message texts are not, so they are representative, except
// "Quota Exceeded", "Wrong endpoint. Use …" (seen in many public bug reports) and the glossary duplicate
// detail (openapi.yaml example). DeepL documents no status for more than 50 texts; the fake answers 400.

/** A glossary the fake holds. */
export interface FakeDeeplGlossary {
  /** The id answered on creation (a fixed-shape UUID). */
  glossaryId: string;
  name: string;
  /** Lower-case glossary language code, e.g. `es`. */
  sourceLanguage: string;
  /** Lower-case glossary language code, e.g. `en`. */
  targetLanguage: string;
  /** Source term → target term. */
  entries: Map<string, string>;
}

/** Options of {@link createDeeplHandlers}. */
export interface DeeplHandlerOptions {
  /** Base URL the fake answers under. Default `https://api.deepl.com`; use `https://api-free.deepl.com` for a Free key. */
  baseUrl?: string;
  /** The only key accepted. Default: any non-empty key of the host's plan (`:fx` on api-free, otherwise not). */
  apiKey?: string;
  /** Turns a plain text segment into its "translation". Default: upper-cases it. Output is `[<target_lang>] <segments>`. */
  transform?: (segment: string, targetLanguage: string) => string;
  /** Language reported as `detected_source_language` when `source_lang` is omitted. Default `ES`. */
  detect?: (text: string) => string;
  /** Faults to inject, on every endpoint. Default none. */
  faults?: FaultPlan;
  /** Milliseconds to wait before every answer. Default 0. */
  latencyMs?: number;
}

/** A DeepL fake: the msw handlers, what they received, and the glossaries they hold (tests may delete some). */
export interface FakeDeeplService extends FakeService {
  /** Glossaries created, by id. */
  readonly glossaries: Map<string, FakeDeeplGlossary>;
}

const MAX_BODY_BYTES = 128 * 1024;
const MAX_TEXTS = 50;
const MAX_TERM_BYTES = 1_024;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// GlossarySourceLanguage / GlossaryTargetLanguage enums of openapi.yaml.
const glossaryLanguages = new Set(
  'ar bg cs da de el en es et fi fr he hu id it ja ko lt lv nb nl pl pt ro ru sk sl sv th tr uk vi zh'.split(
    ' ',
  ),
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * msw handlers faking DeepL `POST /v2/translate` and `POST`/`GET /v3/glossaries`. Checks the
 * `DeepL-Auth-Key` header and the plan of the host (403 "Wrong endpoint"), the 128 KiB body limit (413),
 * 50 texts, `target_lang`, and that a glossary comes with `source_lang` and matches the pair; translates
 * deterministically (`[EN-GB] HOLA`, glossary terms replaced by their translation); reports
 * `billed_characters` (code points) and `X-Trace-ID`; validates glossary TSV as DeepL does (one tab per
 * line, no control characters, no duplicate source terms, terms ≤ 1,024 bytes); and injects the faults
 * of `options.faults` (default kinds 500, 504 and resets; 429 or 529 bursts).
 */
export function createDeeplHandlers(options: DeeplHandlerOptions = {}): FakeDeeplService {
  const baseUrl = (options.baseUrl ?? 'https://api.deepl.com').replace(/\/+$/, '');
  const host = new URL(baseUrl).hostname;
  const transform = options.transform ?? ((segment: string) => segment.toUpperCase());
  const detect = options.detect ?? (() => 'ES');
  const state = new FakeServiceState(options.faults, ['http_500', 'http_504', 'connection_reset']);
  const glossaries = new Map<string, FakeDeeplGlossary>();

  const traceId = (sequence: number) => `fake-deepl-trace-${sequence}`;

  /** Starts a request: numbers and records it, checks the key, injects faults. Returns a response when done. */
  async function begin(
    request: Request,
  ): Promise<{ entry: RecordedRequest; bodyText: string; answer?: Response }> {
    const sequence = state.nextSequence();
    const bodyText = await request.text();
    const entry: RecordedRequest = {
      sequence,
      method: request.method,
      url: request.url,
      headers: headersToRecord(request.headers),
      body: parseBodyForRecord(bodyText),
      outcome: 'rejected',
    };
    state.record(entry);
    if ((options.latencyMs ?? 0) > 0) await delay(options.latencyMs);
    const key = /^DeepL-Auth-Key (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (key === undefined || (options.apiKey !== undefined && key !== options.apiKey)) {
      return {
        entry,
        bodyText,
        answer: reject(entry, 403, 'Authorization failed. Please supply a valid auth_key parameter.'),
      };
    }
    if (host === 'api.deepl.com' && key.endsWith(':fx')) {
      return {
        entry,
        bodyText,
        answer: reject(entry, 403, 'Wrong endpoint. Use https://api-free.deepl.com'),
      };
    }
    if (host === 'api-free.deepl.com' && !key.endsWith(':fx')) {
      return { entry, bodyText, answer: reject(entry, 403, 'Wrong endpoint. Use https://api.deepl.com') };
    }
    const injected = injectFault(
      state.faults.decide(sequence, `${request.url}\n${bodyText}`),
      entry,
      request.url,
    );
    return injected === undefined ? { entry, bodyText } : { entry, bodyText, answer: injected };
  }

  function reject(entry: RecordedRequest, status: number, message: string, detail?: string): Response {
    entry.outcome = 'rejected';
    entry.status = status;
    entry.errorCode = String(status);
    return HttpResponse.json(
      { message, ...(detail === undefined ? {} : { detail }) },
      { status, headers: { 'X-Trace-ID': traceId(entry.sequence) } },
    );
  }

  function injectFault(fault: FaultDecision, entry: RecordedRequest, url: string): Response | undefined {
    const isGlossary = new URL(url).pathname.startsWith('/v3/glossaries');
    const serverError = (status: number) => {
      entry.outcome = 'server_error';
      entry.status = status;
      entry.errorCode = String(status);
      return HttpResponse.json(
        { message: 'Internal error' },
        { status, headers: { 'X-Trace-ID': traceId(entry.sequence) } },
      );
    };
    switch (fault.kind) {
      case 'none':
        return undefined;
      case 'throttle':
        entry.outcome = 'throttled';
        entry.status = fault.status;
        entry.errorCode = String(fault.status);
        return HttpResponse.json(
          { message: 'Too many requests' },
          {
            status: fault.status,
            headers: {
              'X-Trace-ID': traceId(entry.sequence),
              ...(fault.retryAfterSeconds === undefined
                ? {}
                : { 'Retry-After': String(fault.retryAfterSeconds) }),
            },
          },
        );
      case 'http_500':
        return serverError(500);
      // The translate endpoint documents 504 for "unavailable", the glossary endpoints 503.
      case 'http_503':
      case 'http_504':
        return serverError(isGlossary ? 503 : 504);
      case 'connection_reset':
        entry.outcome = 'connection_reset';
        return HttpResponse.error();
      case 'malformed':
        entry.outcome = 'malformed';
        entry.status = 200;
        return new HttpResponse('{"translations":[{"text":"', {
          status: 200,
          headers: { 'Content-Type': 'application/json', 'X-Trace-ID': traceId(entry.sequence) },
        });
    }
  }

  function parseJsonObject(entry: RecordedRequest, request: Request, bodyText: string) {
    if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
      return {
        answer: reject(entry, 400, 'This fake accepts JSON bodies only (DeepL also accepts form bodies).'),
      };
    }
    try {
      const body = JSON.parse(bodyText) as unknown;
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        return { body: body as Record<string, unknown> };
      }
    } catch {
      // answered below
    }
    return { answer: reject(entry, 400, 'Invalid request: the body is not a JSON object.') };
  }

  function translateText(
    text: string,
    targetLanguage: string,
    glossary: FakeDeeplGlossary | undefined,
  ): string {
    if (glossary === undefined || glossary.entries.size === 0)
      return `[${targetLanguage}] ${transform(text, targetLanguage)}`;
    const terms = [...glossary.entries.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${terms.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
    let output = '';
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      output +=
        transform(text.slice(last, match.index), targetLanguage) +
        (glossary.entries.get(match[0]) ?? match[0]);
      last = match.index + match[0].length;
    }
    return `[${targetLanguage}] ${output}${transform(text.slice(last), targetLanguage)}`;
  }

  const translate = http.post(`${baseUrl}/v2/translate`, async ({ request }) => {
    const { entry, bodyText, answer } = await begin(request);
    if (answer !== undefined) return answer;
    if (Buffer.byteLength(bodyText) > MAX_BODY_BYTES) return reject(entry, 413, 'Request Entity Too Large');
    const parsed = parseJsonObject(entry, request, bodyText);
    if (parsed.answer !== undefined) return parsed.answer;
    const body = parsed.body;
    const texts = body.text;
    if (!Array.isArray(texts) || texts.length === 0 || texts.some((text) => typeof text !== 'string')) {
      return reject(entry, 400, "Parameter 'text' not specified.");
    }
    if (texts.length > MAX_TEXTS)
      return reject(entry, 400, `Too many texts: at most ${MAX_TEXTS} per request.`);
    const targetLanguage = body.target_lang;
    if (typeof targetLanguage !== 'string' || targetLanguage.trim() === '') {
      return reject(entry, 400, "Value for 'target_lang' not supported.");
    }
    const sourceLanguage = typeof body.source_lang === 'string' ? body.source_lang : undefined;
    let glossary: FakeDeeplGlossary | undefined;
    if (body.glossary_id !== undefined) {
      if (sourceLanguage === undefined) {
        return reject(entry, 400, "Use of a glossary requires the 'source_lang' parameter to be specified.");
      }
      glossary = glossaries.get(String(body.glossary_id));
      if (glossary === undefined) return reject(entry, 404, 'Glossary not found.');
      const base = (code: string) => code.toLowerCase().split('-')[0];
      if (
        base(sourceLanguage) !== glossary.sourceLanguage ||
        base(targetLanguage) !== glossary.targetLanguage
      ) {
        return reject(
          entry,
          400,
          'Language pair of the glossary does not match the language pair of the request.',
        );
      }
    }
    const billedCounts = (texts as string[]).map((text) => [...text].length);
    const billed = billedCounts.reduce((sum, count) => sum + count, 0);
    entry.outcome = 'answered';
    entry.status = 200;
    entry.billedCharacters = billed;
    return HttpResponse.json(
      {
        translations: (texts as string[]).map((text, index) => ({
          detected_source_language: sourceLanguage?.toUpperCase() ?? detect(text),
          text: translateText(text, targetLanguage, glossary),
          ...(body.show_billed_characters === true ? { billed_characters: billedCounts[index] } : {}),
        })),
      },
      { headers: { 'X-Trace-ID': traceId(entry.sequence) } },
    );
  });

  const createGlossary = http.post(`${baseUrl}/v3/glossaries`, async ({ request }) => {
    const { entry, bodyText, answer } = await begin(request);
    if (answer !== undefined) return answer;
    const parsed = parseJsonObject(entry, request, bodyText);
    if (parsed.answer !== undefined) return parsed.answer;
    const { name, dictionaries } = parsed.body;
    if (typeof name !== 'string' || name.trim() === '')
      return reject(entry, 400, "Parameter 'name' not specified.");
    if (!Array.isArray(dictionaries) || dictionaries.length !== 1) {
      return reject(entry, 400, 'This fake accepts exactly one dictionary per glossary.');
    }
    const dictionary = dictionaries[0] as Record<string, unknown>;
    const sourceLanguage = String(dictionary.source_lang ?? '').toLowerCase();
    const targetLanguage = String(dictionary.target_lang ?? '').toLowerCase();
    if (!glossaryLanguages.has(sourceLanguage) || !glossaryLanguages.has(targetLanguage)) {
      return reject(entry, 400, 'Unsupported glossary language pair.');
    }
    if ((dictionary.entries_format ?? 'tsv') !== 'tsv' || typeof dictionary.entries !== 'string') {
      return reject(entry, 400, 'This fake accepts TSV entries only.');
    }
    const entries = new Map<string, string>();
    const positions = new Map<string, { index: number; position: number }>();
    let position = 0;
    let index = 0;
    for (const line of dictionary.entries.split(/\r\n|\n|\r/)) {
      const start = position;
      position += line.length + 1;
      if (line.trim() === '') continue;
      const parts = line.split('\t');
      const source = parts[0]?.trim() ?? '';
      const target = parts[1]?.trim() ?? '';
      if (parts.length !== 2 || source === '' || target === '') {
        return reject(
          entry,
          400,
          'Invalid glossary entries provided',
          `Entry with the index ${index} (starting at position ${start}) is not a tab-separated pair`,
        );
      }
      if (controlCharacters.test(source) || controlCharacters.test(target)) {
        return reject(
          entry,
          400,
          'Invalid glossary entries provided',
          `Entry with the index ${index} contains an invalid character`,
        );
      }
      if (Buffer.byteLength(source) > MAX_TERM_BYTES || Buffer.byteLength(target) > MAX_TERM_BYTES) {
        return reject(
          entry,
          400,
          'Invalid glossary entries provided',
          `Entry with the index ${index} is too long`,
        );
      }
      const earlier = positions.get(source);
      if (earlier !== undefined) {
        return reject(
          entry,
          400,
          'Invalid glossary entries provided',
          `Key with the index ${index} (starting at position ${start}) duplicates key with the index ${earlier.index} (starting at position ${earlier.position})`,
        );
      }
      positions.set(source, { index, position: start });
      entries.set(source, target);
      index += 1;
    }
    const glossaryId = `00000000-0000-4000-9000-${entry.sequence.toString(16).padStart(12, '0')}`;
    glossaries.set(glossaryId, { glossaryId, name, sourceLanguage, targetLanguage, entries });
    entry.outcome = 'answered';
    entry.status = 201;
    return HttpResponse.json(
      {
        glossary_id: glossaryId,
        name,
        dictionaries: [
          { source_lang: sourceLanguage, target_lang: targetLanguage, entry_count: entries.size },
        ],
        creation_time: '2026-11-01T09:00:00.000Z',
      },
      { status: 201, headers: { 'X-Trace-ID': traceId(entry.sequence) } },
    );
  });

  const listGlossaries = http.get(`${baseUrl}/v3/glossaries`, async ({ request }) => {
    const { entry, answer } = await begin(request);
    if (answer !== undefined) return answer;
    entry.outcome = 'answered';
    entry.status = 200;
    return HttpResponse.json(
      {
        glossaries: [...glossaries.values()].map((glossary) => ({
          glossary_id: glossary.glossaryId,
          name: glossary.name,
          // The documented example lists language codes in upper case.
          dictionaries: [
            {
              source_lang: glossary.sourceLanguage.toUpperCase(),
              target_lang: glossary.targetLanguage.toUpperCase(),
              entry_count: glossary.entries.size,
            },
          ],
          creation_time: '2026-11-01T09:00:00.000Z',
        })),
      },
      { headers: { 'X-Trace-ID': traceId(entry.sequence) } },
    );
  });

  return {
    handlers: [translate, createGlossary, listGlossaries],
    get requests() {
      return state.requests;
    },
    glossaries,
    billedCharacters: () => state.billedCharacters(),
    reset: () => {
      state.reset();
      glossaries.clear();
    },
  };
}
