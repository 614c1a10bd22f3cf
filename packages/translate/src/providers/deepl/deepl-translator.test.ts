import { readFileSync } from 'node:fs';
import { ApiCallError, ConfigurationError } from '@toex/core';
import { defaultPriceCatalogue } from '@toex/costing';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Glossary, TranslationRequest } from '../../spec';
import { createDeeplHandlers } from '../../testing/deepl-handlers';
import type { DeeplTranslatorSettings } from './deepl-settings';
import {
  createDeeplTranslator,
  DEEPL_MAX_REQUEST_BODY_BYTES,
  DEEPL_TRANSLATOR_LIMITS,
} from './deepl-translator';

// Wire format: https://developers.deepl.com/api-reference/translate
// Errors: https://developers.deepl.com/docs/best-practices/error-handling

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const PRO = 'https://api.deepl.com';
const FREE = 'https://api-free.deepl.com';
const PRO_KEY = '3b9e1f2a-7c4d-4e8f-a1b2-c3d4e5f60718';
const FREE_KEY = '8d7c6b5a-4e3f-4a2b-9c1d-0e1f2a3b4c5d:fx';

beforeEach(() => {
  // Blank counts as unset, so a developer's real key never leaks into these tests.
  vi.stubEnv('DEEPL_API_KEY', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function fixture(name: string): JsonBodyType {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as JsonBodyType;
}

function translator(settings: DeeplTranslatorSettings = {}) {
  return createDeeplTranslator({ apiKey: PRO_KEY, fetch: globalThis.fetch, ...settings });
}

function fakeDeepl(options: Parameters<typeof createDeeplHandlers>[0] = {}) {
  const fake = createDeeplHandlers({ apiKey: PRO_KEY, ...options });
  server.use(...fake.handlers);
  return fake;
}

/** Answers every translate request on the Pro endpoint with `status` and a JSON body. */
function answer(status: number, body: JsonBodyType, headers: Record<string, string> = {}) {
  server.use(
    http.post(`${PRO}/v2/translate`, () =>
      HttpResponse.json(body, { status, headers: { 'X-Trace-ID': 'trace-7', ...headers } }),
    ),
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

const request: TranslationRequest = { texts: ['Hola', '¿Dónde estás?'], from: 'es', to: ['en'] };

describe('createDeeplTranslator: identity and endpoints', () => {
  it('describes itself as single-target with native glossaries and DeepL limits', () => {
    expect(translator({ modelType: 'quality_optimized' })).toMatchObject({
      id: 'deepl',
      apiVersion: 'v2',
      endpoint: PRO,
      model: 'quality_optimized',
      limits: { maxItemsPerRequest: 50, maxBytesPerRequest: 64_512, charactersCountPerTarget: false },
      capabilities: { detectsLanguage: true, multipleTargets: false, glossary: 'native' },
      billing: {
        provider: 'deepl',
        service: 'translator',
        sku: 'pro',
        characterCounting: 'codepoints',
        billedPerTarget: true,
      },
    });
  });

  it('leaves room in the byte limit for JSON escaping that doubles every text, plus the fixed fields', () => {
    expect(
      2 * (DEEPL_TRANSLATOR_LIMITS.maxBytesPerRequest ?? Number.POSITIVE_INFINITY) + 2_048,
    ).toBeLessThanOrEqual(DEEPL_MAX_REQUEST_BODY_BYTES);
  });

  it('uses the Free host and price for a :fx key, the Pro ones otherwise, both known to the catalogue', () => {
    const free = translator({ apiKey: FREE_KEY });
    expect(free.endpoint).toBe(FREE);
    expect(free.billing.sku).toBe('free');
    expect(defaultPriceCatalogue().find(free.billing)).toBeDefined();
    expect(defaultPriceCatalogue().find(translator().billing)).toBeDefined();
  });

  it('chooses the host from DEEPL_API_KEY when no key option is given', async () => {
    vi.stubEnv('DEEPL_API_KEY', FREE_KEY);
    const fake = createDeeplHandlers({ baseUrl: FREE, apiKey: FREE_KEY });
    server.use(...fake.handlers);
    const deepl = createDeeplTranslator({ fetch: globalThis.fetch });
    const response = await deepl.translate(request);
    expect(deepl.endpoint).toBe(FREE);
    expect(response.items[0]?.translations.en).toBe('[EN-GB] HOLA');
    expect(fake.requests[0]?.headers.authorization).toBe(`DeepL-Auth-Key ${FREE_KEY}`);
  });

  it('sends to a configured endpoint, dropping a trailing /v2', async () => {
    const fake = createDeeplHandlers({ baseUrl: 'https://deepl-proxy.example.test/api' });
    server.use(...fake.handlers);
    const deepl = translator({ endpoint: 'https://deepl-proxy.example.test/api/v2/' });
    await deepl.translate(request);
    expect(deepl.endpoint).toBe('https://deepl-proxy.example.test/api');
    expect(new URL(fake.requests[0]?.url ?? '').pathname).toBe('/api/v2/translate');
  });

  it('refuses plain http:// to another machine, and an endpoint carrying a key, when created', () => {
    expect(() => translator({ endpoint: 'http://api.deepl.com' })).toThrow(
      expect.objectContaining({ code: 'insecure_endpoint' }),
    );
    let error: unknown;
    try {
      translator({ endpoint: `${PRO}/?auth_key=${PRO_KEY}` });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_endpoint', setting: 'endpoint' });
    expect((error as Error).message).not.toContain(PRO_KEY);
  });
});

describe('createDeeplTranslator: request wire format', () => {
  it('posts the documented JSON body and auth header, asking for billed characters', async () => {
    const fake = fakeDeepl();
    await translator({
      formality: 'prefer_less',
      modelType: 'latency_optimized',
      preserveFormatting: true,
    }).translate(request);
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe(`${PRO}/v2/translate`);
    expect(sent?.headers).toMatchObject({
      authorization: `DeepL-Auth-Key ${PRO_KEY}`,
      'content-type': 'application/json',
      'user-agent': 'toex/translate/0.0.0-test',
    });
    expect(sent?.body).toEqual({
      text: ['Hola', '¿Dónde estás?'],
      target_lang: 'EN-GB',
      source_lang: 'ES',
      show_billed_characters: true,
      formality: 'prefer_less',
      model_type: 'latency_optimized',
      preserve_formatting: true,
    });
  });

  it('omits source_lang when detecting, and lets providerOptions.deepl override formality', async () => {
    const fake = fakeDeepl();
    await translator({ formality: 'more' }).translate({
      texts: ['Olá'],
      to: ['pt-BR'],
      providerOptions: { deepl: { formality: 'prefer_less' } },
    });
    expect(fake.requests[0]?.body).toEqual({
      text: ['Olá'],
      target_lang: 'PT-BR',
      show_billed_characters: true,
      formality: 'prefer_less',
    });
  });

  it('refuses invalid provider options', async () => {
    await expect(
      translator().translate({ ...request, providerOptions: { deepl: { formality: 'very' } } }),
    ).rejects.toMatchObject({ code: 'invalid_provider_options', setting: 'providerOptions.deepl' });
  });

  it('refuses several targets in one request, before sending anything', async () => {
    const fake = fakeDeepl();
    const error = await failure(translator().translate({ ...request, to: ['en', 'fr'] }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unsupported_option', setting: 'to' });
    expect(fake.requests).toHaveLength(0);
  });

  it('sends nothing for a request without texts', async () => {
    const fake = fakeDeepl();
    expect(await translator().translate({ texts: [], to: ['en'] })).toEqual({ items: [], warnings: [] });
    expect(fake.requests).toHaveLength(0);
  });

  it('fits a full request of the worst escaping the margin allows within 128 KiB', async () => {
    const fake = fakeDeepl();
    // 50 texts totalling the packer's byte limit, every character a quote: JSON doubles each one.
    const perText = Math.floor((DEEPL_TRANSLATOR_LIMITS.maxBytesPerRequest ?? 0) / 50);
    const texts = Array.from({ length: 50 }, () => '"'.repeat(perText));
    const response = await translator({
      formality: 'prefer_more',
      modelType: 'prefer_quality_optimized',
    }).translate({
      texts,
      from: 'es',
      to: ['zh-Hant'],
    });
    expect(fake.requests[0]?.outcome).toBe('answered');
    expect(response.items).toHaveLength(50);
  });

  it('refuses, without sending, a body that control characters would push over 128 KiB', async () => {
    const fake = fakeDeepl();
    // 30,000 bytes of text, within the packer's limit, but JSON writes each \u0001 as six bytes.
    const error = await failure(
      translator().translate({ texts: ['\u0001'.repeat(30_000)], from: 'es', to: ['en'] }),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'request_too_large', retryable: false });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('createDeeplTranslator: response mapping', () => {
  it('returns items in order keyed by the requested code, with billed code points and the trace id', async () => {
    const fake = fakeDeepl();
    const response = await translator().translate({
      texts: ['uno', 'dos 👍', 'tres'],
      from: 'es',
      to: ['en'],
    });
    expect(response.items).toEqual([
      { translations: { en: '[EN-GB] UNO' } },
      { translations: { en: '[EN-GB] DOS 👍' } },
      { translations: { en: '[EN-GB] TRES' } },
    ]);
    // Code points: the emoji counts one, unlike Azure.
    expect(response.meteredCharacters).toBe(3 + 5 + 4);
    expect(response.meteredCharacters).toBe(fake.billedCharacters());
    expect(response.requestId).toBe('fake-deepl-trace-1');
    expect(response.billableCharacters).toBeUndefined();
  });

  it('reports the detected language, lower-cased, only when detection was asked for', async () => {
    answer(200, fixture('translate-large-volumes.json'));
    const response = await translator().translate({ texts: ['a', 'b', 'c'], to: ['de'] });
    expect(response.items[0]).toEqual({
      translations: { de: 'Das ist der erste Satz.' },
      detectedLanguage: { language: 'en' },
    });
    expect(response.items.map((item) => item.translations.de)).toEqual([
      'Das ist der erste Satz.',
      'Das ist der zweite Satz.',
      'Dies ist der dritte Satz.',
    ]);
    // The documented example has no billed_characters: usage is then unknown, not zero.
    expect(response).not.toHaveProperty('meteredCharacters');

    const withSource = await translator().translate({ texts: ['a', 'b', 'c'], from: 'en', to: ['de'] });
    expect(withSource.items[0]).toEqual({ translations: { de: 'Das ist der erste Satz.' } });
  });

  it('reads billed_characters from the documented schema example', async () => {
    answer(200, fixture('translate-billed-characters.json'));
    const response = await translator().translate({ texts: ['Hello, world!'], from: 'en', to: ['de'] });
    expect(response.meteredCharacters).toBe(42);
    expect(response.requestId).toBe('trace-7');
  });

  it('refuses a body that is not JSON, JSON of the wrong shape, and a short answer, as non-retryable', async () => {
    fakeDeepl({ faults: { malformedRate: 1 } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'invalid_response',
      retryable: false,
    });

    server.resetHandlers();
    answer(200, { translation: [] });
    expect(await failure(translator().translate(request))).toMatchObject({ code: 'invalid_response' });

    answer(200, { translations: [{ text: 'Hello', billed_characters: 4 }] });
    const short = await failure(translator().translate(request));
    expect(short).toMatchObject({ code: 'invalid_response', retryable: false });
    expect((short as Error).message).toContain('returned 1 translations for 2 texts');
  });
});

describe('createDeeplTranslator: errors', () => {
  it.each([
    [456, 'error-456-quota-exceeded.json', false, 'Cost Control'],
    [403, 'error-403-wrong-endpoint.json', false, "end in ':fx'"],
    [413, 'error-413-too-large.json', false, '128 KiB'],
    [429, 'error-429-too-many-requests.json', true, 'throttling'],
    [529, 'error-429-too-many-requests.json', true, 'throttling'],
  ])('maps HTTP %i to its code, retryability and hint', async (status, name, retryable, hint) => {
    answer(status, fixture(name));
    const error = await failure(translator().translate(request));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: `http_${status}`, statusCode: status, retryable });
    expect((error as Error).message).toContain(hint);
  });

  it('treats 500 and 504 as temporary', async () => {
    fakeDeepl({ faults: { failureRate: 1, failureKinds: ['http_500'] } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'http_500',
      retryable: true,
    });
    server.resetHandlers();
    fakeDeepl({ faults: { failureRate: 1, failureKinds: ['http_504'] } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'http_504',
      retryable: true,
    });
  });

  it('passes Retry-After on as retryAfterMs, and leaves it absent when DeepL sends none', async () => {
    fakeDeepl({ faults: { throttleBursts: [{ fromRequest: 1, count: 1, retryAfterSeconds: 3 }] } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'http_429',
      retryAfterMs: 3_000,
    });
    server.resetHandlers();
    fakeDeepl({ faults: { throttleBursts: [{ fromRequest: 1, count: 1, status: 529 }] } });
    const busy = await failure(translator().translate(request));
    expect(busy).toMatchObject({ code: 'http_529', retryable: true });
    expect((busy as ApiCallError).retryAfterMs).toBeUndefined();
  });

  it('reports a dropped connection as a retryable network error', async () => {
    fakeDeepl({ faults: { failureRate: 1, failureKinds: ['connection_reset'] } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'network_error',
      retryable: true,
    });
  });

  it('says which plan a key belongs to when it is sent to the wrong host', async () => {
    const fake = fakeDeepl({ apiKey: undefined });
    const error = await failure(translator({ apiKey: FREE_KEY, endpoint: PRO }).translate(request));
    expect(fake.requests[0]?.status).toBe(403);
    expect(error).toMatchObject({ code: 'http_403', retryable: false });
    expect((error as Error).message).toContain('Wrong endpoint');
    expect((error as Error).message).toContain('api-free.deepl.com');
  });

  it('never lets the key appear in an error, even when the service echoes it back', async () => {
    server.use(
      http.post(`${PRO}/v2/translate`, ({ request: received }) => {
        const header = received.headers.get('authorization') ?? '';
        return HttpResponse.json(
          { message: `Authorization failed for ${header}`, code: header },
          { status: 403, headers: { 'X-Trace-ID': header, Authorization: header } },
        );
      }),
    );
    const error = await failure(translator().translate(request));
    expect(ApiCallError.isInstance(error)).toBe(true);
    const apiError = error as ApiCallError;
    for (const text of [
      apiError.message,
      apiError.url,
      apiError.providerMessage ?? '',
      apiError.providerCode ?? '',
      apiError.responseBody ?? '',
      JSON.stringify(apiError.responseHeaders),
      JSON.stringify(apiError),
      String(apiError.stack),
    ]) {
      expect(text).not.toContain(PRO_KEY);
    }
  });

  it('asks for the key by option and environment variable, before sending anything', async () => {
    const fake = fakeDeepl();
    const error = await failure(createDeeplTranslator({ fetch: globalThis.fetch }).translate(request));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'missing_secret', setting: 'DEEPL_API_KEY' });
    expect((error as Error).message).toContain("'apiKey'");
    expect((error as Error).message).toContain('DEEPL_API_KEY');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('createDeeplTranslator: glossaries', () => {
  const glossary: Glossary = {
    id: 'c0ffee1234567890',
    entries: [
      { term: 'La Paloma', translation: 'The Dove' },
      { term: 'Mo', translation: 'Mo "the Knife", boss' },
    ],
  };
  const glossaryRequest: TranslationRequest = {
    texts: ['Mo vio a La Paloma'],
    from: 'es-MX',
    to: ['en'],
    glossary,
  };

  it('creates the glossary once, with TSV entries and the pair, and reuses it for every request', async () => {
    const fake = fakeDeepl();
    const deepl = translator();
    const first = await deepl.translate(glossaryRequest);
    await Promise.all([deepl.translate(glossaryRequest), deepl.translate(glossaryRequest)]);
    const paths = fake.requests.map((sent) => `${sent.method} ${new URL(sent.url).pathname}`);
    expect(paths).toEqual([
      'GET /v3/glossaries',
      'POST /v3/glossaries',
      'POST /v2/translate',
      'POST /v2/translate',
      'POST /v2/translate',
    ]);
    expect(fake.requests[1]?.body).toEqual({
      name: 'toex c0ffee1234567890 es-en',
      dictionaries: [
        {
          source_lang: 'es',
          target_lang: 'en',
          entries: 'La Paloma\tThe Dove\nMo\tMo "the Knife", boss',
          entries_format: 'tsv',
        },
      ],
    });
    const glossaryId = [...fake.glossaries.keys()][0];
    expect(fake.requests[2]?.body).toMatchObject({
      source_lang: 'ES',
      target_lang: 'EN-GB',
      glossary_id: glossaryId,
    });
    expect(first.items[0]?.translations.en).toBe('[EN-GB] Mo "the Knife", boss VIO A The Dove');
    expect(first.warnings).toEqual([]);
  });

  it('reuses a glossary an earlier run left on the account instead of creating another', async () => {
    const fake = fakeDeepl();
    await translator().translate(glossaryRequest);
    await translator().translate(glossaryRequest);
    expect(
      fake.requests.filter((sent) => sent.method === 'POST' && sent.url.endsWith('/v3/glossaries')),
    ).toHaveLength(1);
    expect(fake.glossaries.size).toBe(1);
  });

  it('leaves out entries TSV cannot carry, warns once, and sends the rest', async () => {
    const fake = fakeDeepl();
    const deepl = translator();
    const messy: Glossary = {
      id: 'messy',
      entries: [
        { term: 'tab\there', translation: 'x' },
        { term: 'line\nbreak', translation: 'y' },
        { term: ' Mo ', translation: 'Mo' },
        { term: 'Mo', translation: 'Moe' },
      ],
    };
    const first = await deepl.translate({ ...glossaryRequest, glossary: messy });
    const second = await deepl.translate({ ...glossaryRequest, glossary: messy });
    const created = fake.requests.find(
      (sent) => sent.method === 'POST' && sent.url.endsWith('/v3/glossaries'),
    );
    const body = created?.body as { dictionaries: Array<{ entries: string }> } | undefined;
    expect(body?.dictionaries[0]?.entries).toBe('Mo	Mo');
    expect(first.warnings.map((warning) => warning.message)).toEqual([
      '2 glossary entries were left out of the DeepL glossary because they hold a tab, line break or other control character.',
      '1 glossary entries were left out of the DeepL glossary because they repeat an earlier source term.',
    ]);
    expect(second.warnings).toEqual([]);
  });

  it('does not apply a glossary without a source language, and says so', async () => {
    const fake = fakeDeepl();
    const response = await translator().translate({ texts: ['Mo vio a La Paloma'], to: ['en'], glossary });
    expect(fake.requests.map((sent) => new URL(sent.url).pathname)).toEqual(['/v2/translate']);
    expect(fake.requests[0]?.body).not.toHaveProperty('glossary_id');
    expect(response.warnings).toEqual([expect.objectContaining({ type: 'unsupported' })]);
  });

  it('does not remember a failed glossary setup: the next request tries again', async () => {
    const fake = fakeDeepl({ faults: { throttleBursts: [{ fromRequest: 2, count: 1, status: 529 }] } });
    const deepl = translator();
    expect(await failure(deepl.translate(glossaryRequest))).toMatchObject({
      code: 'http_529',
      retryable: true,
    });
    const response = await deepl.translate(glossaryRequest);
    expect(response.items[0]?.translations.en).toContain('The Dove');
    expect(fake.glossaries.size).toBe(1);
  });

  it('creates the glossary again, on retry, when DeepL no longer has it', async () => {
    const fake = fakeDeepl();
    const deepl = translator();
    await deepl.translate(glossaryRequest);
    fake.glossaries.clear();
    const error = await failure(deepl.translate(glossaryRequest));
    expect(error).toMatchObject({ code: 'http_404', retryable: true });
    const retried = await deepl.translate(glossaryRequest);
    expect(retried.items[0]?.translations.en).toContain('The Dove');
    expect(fake.glossaries.size).toBe(1);
  });

  it('reports DeepL refusing the glossary with its detail', async () => {
    server.use(
      http.get(`${PRO}/v3/glossaries`, () => HttpResponse.json({ glossaries: [] })),
      http.post(`${PRO}/v3/glossaries`, () =>
        HttpResponse.json(fixture('error-400-glossary-duplicate.json'), { status: 400 }),
      ),
    );
    const error = await failure(translator().translate(glossaryRequest));
    expect(error).toMatchObject({ code: 'http_400', retryable: false });
    expect((error as Error).message).toContain('duplicates key with the index 0');
  });
});
