import { ApiCallError, ConfigurationError } from '@toex/core';
import { defaultPriceCatalogue } from '@toex/costing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranslationRequest } from '../../spec';
import { createGoogleTranslateHandlers, googleErrorBody } from '../../testing/google-translate-handlers';
import { runPipelineStorm, stormTexts } from '../__fixtures__/pipeline-storm';
import {
  createGoogleTranslator,
  GOOGLE_V2_MAX_REQUEST_BYTES,
  GOOGLE_V2_TRANSLATOR_LIMITS,
} from './google-translator';

// Wire format: https://cloud.google.com/translate/docs/reference/rest/v2/translate
// Errors: https://cloud.google.com/apis/design/errors, https://cloud.google.com/translate/quotas

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE = 'https://translation.googleapis.com';
const KEY = 'AIzaSyD-fake-key-0123456789abcdefghijk';

beforeEach(() => {
  vi.stubEnv('GOOGLE_TRANSLATE_API_KEY', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function translator(settings: Parameters<typeof createGoogleTranslator>[0] = {}) {
  return createGoogleTranslator({ apiKey: KEY, fetch: globalThis.fetch, ...settings });
}

function fakeGoogle(options: Parameters<typeof createGoogleTranslateHandlers>[0] = {}) {
  const fake = createGoogleTranslateHandlers({ apiKey: KEY, ...options });
  server.use(...fake.handlers);
  return fake;
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  server.use(
    http.post(`${BASE}/language/translate/v2`, () => HttpResponse.json(body as never, { status, headers })),
  );
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const request: TranslationRequest = { texts: ['Hola', "No sé, ¿'vale'?"], from: 'es', to: ['en'] };

describe('createGoogleTranslator (v2 Basic): identity', () => {
  it('describes itself as single-target, detecting, without glossaries, with a price in the catalogue', () => {
    const google = translator();
    expect(google).toMatchObject({
      id: 'google',
      apiVersion: 'v2',
      endpoint: BASE,
      limits: { maxItemsPerRequest: 128 },
      capabilities: { detectsLanguage: true, multipleTargets: false, glossary: 'none' },
    });
    const { provider, service, sku } = google.billing;
    expect(defaultPriceCatalogue().find({ provider, service, sku, date: '2026-12-01' })).toBeDefined();
  });

  it('leaves room in the 100,000-byte limit for JSON escaping that doubles every text', () => {
    expect(2 * GOOGLE_V2_TRANSLATOR_LIMITS.maxBytesPerRequest! + 128 * 3 + 500).toBeLessThan(
      GOOGLE_V2_MAX_REQUEST_BYTES,
    );
  });

  it('refuses an endpoint carrying a key, and plain http to another machine', () => {
    expect(() => translator({ endpoint: `${BASE}?key=${KEY}` })).toThrow(ConfigurationError);
    expect(() => translator({ endpoint: 'http://translate.example.org' })).toThrow(ConfigurationError);
    expect(translator({ endpoint: `${BASE}/language/translate/v2/` }).endpoint).toBe(BASE);
  });

  it('refuses misspelt settings', () => {
    expect(() => createGoogleTranslator({ key: KEY } as never)).toThrow(/unknown option "key"/);
  });
});

describe('createGoogleTranslator: wire format', () => {
  it('posts q, target, source and format=text with the key in a header, never in the URL', async () => {
    const fake = fakeGoogle();
    const response = await translator({ model: 'nmt' }).translate(request);
    const sent = fake.requests[0]!;
    expect(sent.body).toEqual({
      q: ['Hola', "No sé, ¿'vale'?"],
      target: 'en',
      source: 'es',
      format: 'text',
      model: 'nmt',
    });
    expect(sent.headers['x-goog-api-key']).toBe(KEY);
    expect(sent.url).toBe(`${BASE}/language/translate/v2`);
    expect(response.items.map((item) => item.translations.en)).toEqual(['[en] HOLA', "[en] NO SÉ, ¿'VALE'?"]);
  });

  it('gets apostrophes back as apostrophes, where the HTML default would give &#39;', async () => {
    fakeGoogle();
    const htmlDefault = await fetch(`${BASE}/language/translate/v2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
      body: JSON.stringify({ q: ["it's"], target: 'es' }),
    });
    expect(JSON.stringify(await htmlDefault.json())).toContain('&#39;');
    const { items } = await translator().translate({ texts: ["it's <b> & co"], from: 'en', to: ['es'] });
    expect(items[0]?.translations.es).toBe("[es] IT'S <B> & CO");
  });

  it('reports the detected language per text, lower-cased, only when detecting', async () => {
    fakeGoogle({ detect: (text) => (text.startsWith('Bonjour') ? 'FR' : 'es') });
    const detected = await translator().translate({ texts: ['Hola', 'Bonjour'], to: ['en'] });
    expect(detected.items.map((item) => item.detectedLanguage?.language)).toEqual(['es', 'fr']);
    const given = await translator().translate(request);
    expect(given.items[0]?.detectedLanguage).toBeUndefined();
  });

  it('refuses several targets before sending, and sends nothing for no texts', async () => {
    const fake = fakeGoogle();
    await expect(translator().translate({ ...request, to: ['en', 'fr'] })).rejects.toThrow(
      /one language per request/,
    );
    expect(await translator().translate({ texts: [], to: ['en'] })).toEqual({ items: [], warnings: [] });
    expect(fake.requests).toHaveLength(0);
  });

  it('says, as a typed warning, that a glossary was not sent', async () => {
    fakeGoogle();
    const response = await translator().translate({
      ...request,
      glossary: { id: 'g', entries: [{ term: 'Mo', translation: 'Mo' }] },
    });
    expect(response.warnings).toEqual([expect.objectContaining({ type: 'unsupported' })]);
  });
});

describe('createGoogleTranslator: limits', () => {
  it('sends 128 texts in one request; the fake, as Google, refuses 129 as final', async () => {
    const fake = fakeGoogle();
    const texts = Array.from({ length: 129 }, (_, index) => `texto ${index}`);
    const ok = await translator().translate({ texts: texts.slice(0, 128), from: 'es', to: ['en'] });
    expect(ok.items).toHaveLength(128);
    const error = await failure(translator().translate({ texts, from: 'es', to: ['en'] }));
    expect(error).toMatchObject({ code: 'http_400', retryable: false });
    expect((error as Error).message).toMatch(/Too many text segments.*toex bug/s);
    expect(fake.requests.at(-1)?.outcome).toBe('rejected');
  });

  it('packed by the pipeline, never sends more than 128 texts or 100,000 bytes', async () => {
    const fake = fakeGoogle();
    // 700 texts of quotes and line breaks: JSON doubles them, the worst case; bytes, not items, bind.
    const texts = Array.from({ length: 700 }, (_, index) => `${index} dijo ${'"\n'.repeat(300)}`);
    const { result } = await runPipelineStorm(translator(), texts, { from: 'es' });
    expect(result.failedRows).toBe(0);
    for (const sent of fake.requests) {
      const body = sent.body as { q: string[] };
      expect(body.q.length).toBeLessThanOrEqual(128);
      expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(GOOGLE_V2_MAX_REQUEST_BYTES);
    }
    expect(fake.requests.length).toBeGreaterThan(6);
    expect(fake.requests.every((sent) => sent.outcome === 'answered')).toBe(true);
  });
});

describe('createGoogleTranslator: errors', () => {
  it.each([
    [
      400,
      googleErrorBody(
        400,
        'API key not valid. Please pass a valid API key.',
        'badRequest',
        'API_KEY_INVALID',
      ),
      'API_KEY_INVALID',
      false,
      'GOOGLE_TRANSLATE_API_KEY',
    ],
    [
      403,
      googleErrorBody(403, 'Daily Limit Exceeded', 'dailyLimitExceeded'),
      'dailyLimitExceeded',
      false,
      'midnight Pacific',
    ],
    [
      403,
      googleErrorBody(403, 'User Rate Limit Exceeded', 'userRateLimitExceeded'),
      'userRateLimitExceeded',
      true,
      'characters per minute',
    ],
    [
      403,
      googleErrorBody(
        403,
        'Access Not Configured. Cloud Translation API has not been used in project 123 before or it is disabled.',
        'accessNotConfigured',
        'SERVICE_DISABLED',
      ),
      'accessNotConfigured',
      false,
      'enable it',
    ],
    [400, googleErrorBody(400, 'Invalid Value', 'invalid'), 'INVALID_ARGUMENT', false, 'Invalid Value'],
    [
      429,
      googleErrorBody(
        429,
        "Quota exceeded for quota metric 'v2 and v3 general model characters' and limit 'per minute'.",
        'rateLimitExceeded',
        'RATE_LIMIT_EXCEEDED',
      ),
      'rateLimitExceeded',
      true,
      'characters per minute',
    ],
    [
      429,
      googleErrorBody(
        429,
        "Quota exceeded for quota metric 'v2 and v3 general model characters' and limit 'per day'.",
        'rateLimitExceeded',
        'RESOURCE_EXHAUSTED',
      ),
      'rateLimitExceeded',
      false,
      'midnight Pacific',
    ],
    [
      500,
      googleErrorBody(500, 'Internal error encountered.', 'backendError'),
      'INTERNAL',
      true,
      'Internal error',
    ],
    [
      503,
      googleErrorBody(503, 'The service is currently unavailable.', 'backendError'),
      'UNAVAILABLE',
      true,
      'unavailable',
    ],
  ])('maps HTTP %i (%s) to its retryability and hint', async (status, body, reason, retryable, hint) => {
    answer(status, body);
    const error = await failure(translator().translate(request));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: `http_${status}`,
      statusCode: status,
      providerCode: reason,
      retryable,
    });
    expect((error as Error).message).toContain(hint);
  });

  it('treats a v3-style per-day RESOURCE_EXHAUSTED as final', async () => {
    answer(429, {
      error: {
        code: 429,
        message: "Quota exceeded for quota metric 'characters' and limit 'per day'.",
        status: 'RESOURCE_EXHAUSTED',
      },
    });
    expect(await failure(translator().translate(request))).toMatchObject({ retryable: false });
  });

  it('passes Retry-After on, and reports a dropped connection and a truncated body', async () => {
    fakeGoogle({ faults: { throttleBursts: [{ fromRequest: 1, count: 1, retryAfterSeconds: 7 }] } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'http_429',
      retryAfterMs: 7_000,
    });
    server.resetHandlers();
    fakeGoogle({ faults: { failureRate: 1, failureKinds: ['connection_reset'] } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'network_error',
      retryable: true,
    });
    server.resetHandlers();
    fakeGoogle({ faults: { malformedRate: 1 } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'invalid_response',
      retryable: false,
    });
  });

  it('refuses a short answer as non-retryable, using nothing from it', async () => {
    answer(200, { data: { translations: [{ translatedText: 'Hello' }] } });
    const error = await failure(translator().translate(request));
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false });
    expect((error as Error).message).toContain('1 translations for 2 texts');
  });

  it('asks for the key by option and environment variable, and never shows it', async () => {
    const keyless = createGoogleTranslator({ fetch: globalThis.fetch });
    const missing = await failure(keyless.translate(request));
    expect(missing).toMatchObject({ code: 'missing_secret' });
    expect((missing as Error).message).toContain('GOOGLE_TRANSLATE_API_KEY');
    answer(400, googleErrorBody(400, `API key not valid: ${KEY}`, 'badRequest', 'API_KEY_INVALID'));
    const error = await failure(translator().translate(request));
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(String((error as Error).message)).not.toContain(KEY);
  });
});

describe('createGoogleTranslator through the pipeline', () => {
  it.each([429, 403] as const)(
    'loses no text through a storm of %i throttles, 5xx and resets, and translates each text once',
    async (throttleAs) => {
      const fake = fakeGoogle({
        throttleAs,
        faults: {
          failureRate: 0.15,
          seed: 3,
          throttleBursts: [
            { fromRequest: 2, count: 4 },
            { fromRequest: 9, count: 2, retryAfterSeconds: 2 },
          ],
        },
      });
      const texts = stormTexts(900);
      const google = translator();
      const { result, retries } = await runPipelineStorm(
        { ...google, limits: { ...google.limits, maxItemsPerRequest: 40 } },
        texts,
        { from: 'es' },
      );
      expect(result.failedRows).toBe(0);
      expect(result.texts.map((text) => text.text)).toEqual(texts);
      expect(result.texts.map((text) => text.translations.en ?? '')).toEqual(
        texts.map((text) => (text === '' ? '' : `[en] ${text.toUpperCase()}`)),
      );
      const outcomes = new Set(fake.requests.map((sent) => sent.outcome));
      expect(outcomes).toContain('throttled');
      expect(outcomes).toContain('server_error');
      expect(retries.filter((event) => event.code === `http_${throttleAs}`)).toHaveLength(6);
      const answered = fake.requests.filter((sent) => sent.outcome === 'answered');
      const unique = new Set(texts.filter((text) => text !== ''));
      expect(answered.flatMap((sent) => (sent.body as { q: string[] }).q).sort()).toEqual([...unique].sort());
      expect(result.billedCharacters).toBe([...unique].reduce((sum, text) => sum + text.length, 0));
    },
  );
});
