import { delay, HttpResponse, http } from 'msw';
import { type FakeService, FakeServiceState } from './fake-service';
import type { RecordedRequest } from './fault-plan';
import { type FaultPlan, headersToRecord, parseBodyForRecord } from './fault-plan';

// A fake of a self-hosted LibreTranslate (v1.9.6) that follows its code and API docs
// (https://libretranslate.com/docs; LibreTranslate/LibreTranslate `libretranslate/app.py`):
// - `POST /translate` (JSON or form) with `q` a string or an array, `source` (a code or `auto`), `target`,
//   `format`, `api_key`; an array gets `{"translatedText":[…]}` back, in order.
// - with `source: "auto"` and an array, the language is detected ONCE for the whole batch and the same answer
//   is copied to every item (`[detected] * len(q)`), as the real server does — mixed batches are mistranslated.
// - `GET /languages`: `[{"code","name","targets"}]`.
// - limits from `--batch-limit` (array length) and `--char-limit` (per text); `--api-keys` requires `api_key`.
// - errors are `{"error":"…"}`: 400 (missing q, limits, "xx is not supported"), 403 (invalid key), 429
//   "Slowdown: …" without Retry-After, 500. Message texts follow app.py's `abort(…)` calls.

/** Options of {@link createLibreTranslateHandlers}. */
export interface LibreTranslateHandlerOptions {
  /** Base URL. Default `http://127.0.0.1:5000`. */
  baseUrl?: string;
  /** Languages installed and their targets. Default en, es, fr, de, each into every other. */
  languages?: Record<string, readonly string[]>;
  /** When set, `api_key` must equal it (the server runs with `--api-keys`). */
  apiKey?: string;
  /** The server's `--batch-limit`. Default unlimited. */
  batchLimit?: number;
  /** The server's `--char-limit`, per text. Default unlimited. */
  charLimit?: number;
  /** Language detected for a text (for `source: auto`). Default `es`. */
  detect?: (text: string) => string;
  /** Faults to inject. Throttles answer 429 "Slowdown"; server faults answer 500 or reset. Default none. */
  faults?: FaultPlan;
  /** Milliseconds to wait before every answer. Default 0. */
  latencyMs?: number;
}

/**
 * msw handlers faking LibreTranslate. Translations read `[<source>→<target>] <TEXT>`, so a test sees which
 * language each text was translated from.
 */
export function createLibreTranslateHandlers(options: LibreTranslateHandlerOptions = {}): FakeService {
  const baseUrl = (options.baseUrl ?? 'http://127.0.0.1:5000').replace(/\/+$/, '');
  const all = ['en', 'es', 'fr', 'de'];
  const languages =
    options.languages ?? Object.fromEntries(all.map((code) => [code, all.filter((other) => other !== code)]));
  const detect = options.detect ?? (() => 'es');
  const state = new FakeServiceState(options.faults, ['http_500', 'connection_reset']);

  async function begin(request: Request) {
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
    return { entry, bodyText };
  }

  function fail(entry: RecordedRequest, status: number, error: string): Response {
    entry.status = status;
    entry.errorCode = String(status);
    return HttpResponse.json({ error }, { status });
  }

  const translate = http.post(`${baseUrl}/translate`, async ({ request }) => {
    const { entry, bodyText } = await begin(request);
    const fault = state.faults.decide(entry.sequence, bodyText);
    if (fault.kind === 'throttle') {
      entry.outcome = 'throttled';
      return fail(entry, 429, 'Slowdown: 60 per 1 minute');
    }
    if (fault.kind === 'connection_reset') {
      entry.outcome = 'connection_reset';
      return HttpResponse.error();
    }
    if (fault.kind === 'malformed') {
      entry.outcome = 'malformed';
      entry.status = 200;
      return new HttpResponse('{"translatedText":["', { headers: { 'Content-Type': 'application/json' } });
    }
    if (fault.kind !== 'none') {
      entry.outcome = 'server_error';
      return fail(entry, 500, 'Cannot translate text: worker crashed');
    }
    const isJson = (request.headers.get('content-type') ?? '').startsWith('application/json');
    let body: Record<string, unknown>;
    try {
      body = isJson
        ? (JSON.parse(bodyText) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(bodyText));
    } catch {
      return fail(entry, 400, 'Invalid request: the body is not JSON');
    }
    if (options.apiKey !== undefined && body.api_key !== options.apiKey) {
      return fail(
        entry,
        403,
        body.api_key === undefined
          ? 'Visit https://portal.libretranslate.com to get an API key'
          : 'Invalid API key',
      );
    }
    const { q, source, target } = body;
    if (q === undefined || q === '') return fail(entry, 400, 'Invalid request: missing q parameter');
    if (typeof source !== 'string' || source === '')
      return fail(entry, 400, 'Invalid request: missing source parameter');
    if (typeof target !== 'string' || target === '')
      return fail(entry, 400, 'Invalid request: missing target parameter');
    const batch = Array.isArray(q);
    const texts = (batch ? q : [q]) as string[];
    if (options.batchLimit !== undefined && batch && texts.length > options.batchLimit) {
      return fail(
        entry,
        400,
        `Invalid request: request (${texts.length}) exceeds text limit (${options.batchLimit})`,
      );
    }
    for (const text of texts) {
      if (options.charLimit !== undefined && text.length > options.charLimit) {
        return fail(
          entry,
          400,
          `Invalid request: request (${text.length}) exceeds text limit (${options.charLimit})`,
        );
      }
    }
    // One detection for the whole batch, copied to every item: LibreTranslate's behaviour.
    const sourceLanguage = source === 'auto' ? detect(texts.join('\n')) : source;
    if (languages[sourceLanguage] === undefined)
      return fail(entry, 400, `${sourceLanguage} is not supported`);
    if (!languages[sourceLanguage]?.includes(target)) return fail(entry, 400, `${target} is not supported`);
    const translated = texts.map((text) => `[${sourceLanguage}→${target}] ${text.toUpperCase()}`);
    const detected = { confidence: 90.0, language: sourceLanguage };
    entry.outcome = 'answered';
    entry.status = 200;
    return HttpResponse.json({
      translatedText: batch ? translated : translated[0],
      ...(source === 'auto' ? { detectedLanguage: batch ? texts.map(() => detected) : detected } : {}),
    });
  });

  const listLanguages = http.get(`${baseUrl}/languages`, async ({ request }) => {
    const { entry } = await begin(request);
    entry.outcome = 'answered';
    entry.status = 200;
    return HttpResponse.json(
      Object.entries(languages).map(([code, targets]) => ({ code, name: code, targets: [...targets] })),
    );
  });

  return {
    handlers: [translate, listLanguages],
    get requests() {
      return state.requests;
    },
    billedCharacters: () => 0,
    reset: () => state.reset(),
  };
}
