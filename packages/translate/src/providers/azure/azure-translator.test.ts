import { readFileSync } from 'node:fs';
import { ApiCallError, ConfigurationError } from '@toex/core';
import { defaultPriceCatalogue } from '@toex/costing';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { translateTexts } from '../../job/translate-texts';
import type { TranslationRequest } from '../../spec';
import { createAzureTranslatorHandlers } from '../../testing/azure-translator-handlers';
import type { AzureTranslatorSettings } from './azure-settings';
import { createAzureTranslator } from './azure-translator';

// Wire format: https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/v3/translate
// Errors: https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/status-response-codes

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const GLOBAL = 'https://api.cognitive.microsofttranslator.com';
const KEY = '5f3c9a1e7b2d4c6e8a0b1c2d3e4f5a6b';
const REGION = 'uksouth';

beforeEach(() => {
  // Blank counts as unset, so a developer's real Azure settings never leak into these tests.
  for (const name of [
    'AZURE_TRANSLATOR_KEY',
    'AZURE_TRANSLATOR_REGION',
    'AZURE_TRANSLATOR_ENDPOINT',
    'AZURE_TRANSLATOR_RESOURCE_ID',
  ]) {
    vi.stubEnv(name, '');
  }
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function fixture(name: string): JsonBodyType {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as JsonBodyType;
}

function translator(settings: AzureTranslatorSettings = {}) {
  return createAzureTranslator({ apiKey: KEY, region: REGION, fetch: globalThis.fetch, ...settings });
}

/** A fake Azure on the global endpoint expecting the test key and region. */
function fakeAzure(options: Parameters<typeof createAzureTranslatorHandlers>[0] = {}) {
  const fake = createAzureTranslatorHandlers({ apiKey: KEY, region: REGION, ...options });
  server.use(...fake.handlers);
  return fake;
}

/** The `Text` of every element of a recorded Azure request body. */
function sentTexts(body: unknown): string[] {
  return (body as Array<{ Text: string }> | undefined)?.map((item) => item.Text) ?? [];
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** Answers every translate request on the global endpoint with `status` and a JSON body. */
function answer(status: number, body: JsonBodyType, headers: Record<string, string> = {}) {
  server.use(
    http.post(`${GLOBAL}/translate`, () =>
      HttpResponse.json(body, { status, headers: { 'X-requestid': 'req-42', ...headers } }),
    ),
  );
}

const request: TranslationRequest = { texts: ['Hola', '¿Dónde estás?'], from: 'es', to: ['en', 'fr'] };

describe('createAzureTranslator: identity', () => {
  it('describes itself with limits, capabilities and a billing key the price catalogue knows', () => {
    const azure = translator();
    expect(azure).toMatchObject({
      id: 'azure',
      apiVersion: '3.0',
      endpoint: GLOBAL,
      region: 'global',
      model: 'general',
      limits: {
        maxItemsPerRequest: 1_000,
        maxCharactersPerRequest: 50_000,
        charactersCountPerTarget: true,
        maxCharactersPerItem: 50_000,
      },
      capabilities: { detectsLanguage: true, multipleTargets: true, glossary: 'markup' },
      billing: {
        provider: 'azure',
        service: 'translator',
        sku: 'S1',
        characterCounting: 'utf16',
        billedPerTarget: true,
        billsMarkup: true,
      },
    });
    const entry = defaultPriceCatalogue().find(azure.billing);
    expect(entry?.metering).toMatchObject({
      characterCounting: 'utf16',
      billedPerTarget: true,
      billsMarkup: true,
    });
  });

  it('bills a custom category at the custom-translation sku, which the catalogue also knows', () => {
    const azure = translator({ category: 'a1b2c3-TECH' });
    expect(azure.billing.sku).toBe('S1-custom');
    expect(azure.model).toBe('a1b2c3-TECH');
    expect(defaultPriceCatalogue().find(azure.billing)).toBeDefined();
  });

  it('never shows the key in its description', () => {
    expect(JSON.stringify(translator())).not.toContain(KEY);
  });
});

describe('createAzureTranslator: request wire format', () => {
  it('posts the documented query, headers and body', async () => {
    const fake = fakeAzure();
    await translator({ category: 'general' }).translate(request);
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    const url = new URL(sent?.url ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${GLOBAL}/translate`);
    expect(url.searchParams.get('api-version')).toBe('3.0');
    expect(url.searchParams.getAll('to')).toEqual(['en', 'fr']);
    expect(url.searchParams.get('from')).toBe('es');
    expect(url.searchParams.get('textType')).toBe('plain');
    expect(url.searchParams.get('category')).toBe('general');
    expect(sent?.headers).toMatchObject({
      'ocp-apim-subscription-key': KEY,
      'ocp-apim-subscription-region': REGION,
      'content-type': 'application/json; charset=UTF-8',
      'user-agent': 'toex/translate/0.0.0-test',
    });
    expect(sent?.headers['x-clienttraceid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.body).toEqual([{ Text: 'Hola' }, { Text: '¿Dónde estás?' }]);
  });

  it('omits from (auto-detect) and region when they are not configured', async () => {
    const fake = createAzureTranslatorHandlers({ apiKey: KEY });
    server.use(...fake.handlers);
    await createAzureTranslator({ apiKey: KEY, fetch: globalThis.fetch }).translate({
      texts: ['Hola'],
      to: ['en'],
    });
    const url = new URL(fake.requests[0]?.url ?? '');
    expect(url.searchParams.has('from')).toBe(false);
    expect(fake.requests[0]?.headers['ocp-apim-subscription-region']).toBeUndefined();
  });

  it('reads key, region and endpoint from the environment when no option is given', async () => {
    vi.stubEnv('AZURE_TRANSLATOR_KEY', KEY);
    vi.stubEnv('AZURE_TRANSLATOR_REGION', 'westeurope');
    vi.stubEnv('AZURE_TRANSLATOR_ENDPOINT', 'https://api-eur.cognitive.microsofttranslator.com');
    const fake = createAzureTranslatorHandlers({
      baseUrl: 'https://api-eur.cognitive.microsofttranslator.com',
      apiKey: KEY,
      region: 'westeurope',
    });
    server.use(...fake.handlers);
    const azure = createAzureTranslator({ fetch: globalThis.fetch });
    const response = await azure.translate({ texts: ['Hola'], from: 'es', to: ['en'] });
    expect(response.items[0]?.translations.en).toBe('[en] HOLA');
    expect(azure.region).toBe('eur');
  });

  it('sends nothing for a request without texts', async () => {
    const fake = fakeAzure();
    expect(await translator().translate({ texts: [], to: ['en'] })).toEqual({ items: [], warnings: [] });
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a request without targets, with repeated targets, or with Azure provider options', async () => {
    const azure = translator();
    await expect(azure.translate({ texts: ['x'], to: [] })).rejects.toMatchObject({ setting: 'to' });
    await expect(azure.translate({ texts: ['x'], to: ['en', 'EN'] })).rejects.toMatchObject({
      setting: 'to',
    });
    await expect(
      azure.translate({
        texts: ['x'],
        to: ['en'],
        providerOptions: { azure: { profanityAction: 'Deleted' } },
      }),
    ).rejects.toMatchObject({ code: 'invalid_provider_options' });
  });
});

describe('createAzureTranslator: response mapping', () => {
  it('returns one item per text in order, every target keyed as requested, metered usage and request id', async () => {
    const fake = fakeAzure();
    const response = await translator().translate({
      texts: ['uno', 'dos 👍', 'tres'],
      from: 'es',
      to: ['en', 'zh-hans'],
    });
    expect(response.items).toEqual([
      { translations: { en: '[en] UNO', 'zh-hans': '[zh-hans] UNO' } },
      { translations: { en: '[en] DOS 👍', 'zh-hans': '[zh-hans] DOS 👍' } },
      { translations: { en: '[en] TRES', 'zh-hans': '[zh-hans] TRES' } },
    ]);
    // UTF-16 code units (the emoji counts two) times two targets, as Azure bills.
    expect(response.meteredCharacters).toBe((3 + 6 + 4) * 2);
    expect(response.meteredCharacters).toBe(fake.billedCharacters());
    expect(response.billableCharacters).toBeUndefined();
    expect(response.requestId).toBe('00000000-0000-4000-8000-000000000001');
    expect(response.warnings).toEqual([]);
  });

  it('maps the documented multi-target example back to the codes exactly as the caller wrote them', async () => {
    answer(200, fixture('translate-multiple-targets.json'), { 'X-metered-usage': '50' });
    const response = await translator().translate({
      texts: ['Hello, what is your name?'],
      from: 'en',
      // Azure answers `zh-Hans` and `de`; the caller's spelling and order are what the pipeline looks up.
      to: ['DE', 'zh-hans'],
    });
    expect(response.items).toEqual([
      { translations: { DE: 'Hallo, was ist dein Name?', 'zh-hans': '你好, 你叫什么名字？' } },
    ]);
    expect(response.meteredCharacters).toBe(50);
    expect(response.requestId).toBe('req-42');
  });

  it('reports the detected language when from is omitted, as in the documented example', async () => {
    answer(200, fixture('translate-detected-language.json'));
    const response = await translator().translate({ texts: ['Hello, what is your name?'], to: ['zh-Hans'] });
    expect(response.items[0]).toEqual({
      translations: { 'zh-Hans': '你好, 你叫什么名字？' },
      detectedLanguage: { language: 'en', score: 1 },
    });
    expect(response.meteredCharacters).toBeUndefined();
  });

  it('leaves meteredCharacters absent, never zero, when X-metered-usage is missing or not a number', async () => {
    answer(200, [{ translations: [{ text: 'Hello', to: 'en' }] }], { 'X-metered-usage': 'n/a' });
    const response = await translator().translate({ texts: ['Hola'], from: 'es', to: ['en'] });
    expect(response).not.toHaveProperty('meteredCharacters');
  });

  it('refuses a body that is not JSON as a non-retryable invalid_response', async () => {
    server.use(
      http.post(
        `${GLOBAL}/translate`,
        () =>
          new HttpResponse('[{"translations":[{"text":"', {
            status: 200,
            headers: { 'content-type': 'application/json; charset=utf-8' },
          }),
      ),
    );
    const error = await failure(translator().translate(request));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false });
  });

  it('refuses JSON of the wrong shape', async () => {
    answer(200, { translations: [] });
    await expect(translator().translate(request)).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('refuses a response with fewer results or translations than were asked for', async () => {
    answer(200, [
      {
        translations: [
          { text: 'Hello', to: 'en' },
          { text: 'Salut', to: 'fr' },
        ],
      },
    ]);
    const short = await failure(translator().translate(request));
    expect(short).toMatchObject({ code: 'invalid_response', retryable: false, requestId: 'req-42' });
    expect((short as Error).message).toContain('returned 1 results for 2 texts');

    answer(200, [
      { translations: [{ text: 'Hello', to: 'en' }] },
      { translations: [{ text: 'Where?', to: 'en' }] },
    ]);
    const missingTarget = await failure(translator().translate(request));
    expect((missingTarget as Error).message).toContain('returned 1 translations for text 1, expected 2');
  });
});

describe('createAzureTranslator: errors', () => {
  it.each([
    ['error-401000.json', 401, '401000', false, 'AZURE_TRANSLATOR_REGION'],
    ['error-403001.json', 403, '403001', false, 'free tier'],
    ['error-400077.json', 400, '400077', false, 'toex bug'],
    ['error-400036.json', 400, '400036', false, 'language codes'],
    ['error-408001.json', 408, '408001', true, 'being prepared'],
    ['error-429001.json', 429, '429001', true, 'characters per hour'],
    ['error-500000.json', 500, '500000', true, 'retrying usually helps'],
    ['error-503000.json', 503, '503000', true, 'retrying usually helps'],
  ])(
    'maps %s to http_%i, provider code, retryability and a hint',
    async (name, status, code, retryable, hint) => {
      answer(status, fixture(name));
      const error = await failure(translator().translate(request));
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: `http_${status}`,
        statusCode: status,
        providerCode: code,
        retryable,
        requestId: 'req-42',
      });
      expect((error as Error).message).toContain(hint);
    },
  );

  it('treats an undocumented 429 sub-code as throttling too', async () => {
    answer(429, { error: { code: 429003, message: 'Too many requests.' } });
    const error = await failure(translator().translate(request));
    expect(error).toMatchObject({ code: 'http_429', providerCode: '429003', retryable: true });
    expect((error as Error).message).toContain('characters per hour');
  });

  it('passes Retry-After on to the retry loop as retryAfterMs, and leaves it absent when Azure sends none', async () => {
    fakeAzure({ faults: { throttleBursts: [{ fromRequest: 1, count: 1, retryAfterSeconds: 7 }] } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'http_429',
      retryAfterMs: 7_000,
    });

    server.resetHandlers();
    fakeAzure({ faults: { throttleBursts: [{ fromRequest: 1, count: 1 }] } });
    const withoutHeader = await failure(translator().translate(request));
    expect(withoutHeader).toMatchObject({ code: 'http_429', retryable: true });
    expect((withoutHeader as ApiCallError).retryAfterMs).toBeUndefined();
  });

  it('reports a dropped connection as a retryable network error', async () => {
    fakeAzure({ faults: { failureRate: 1, failureKinds: ['connection_reset'] } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'network_error',
      retryable: true,
    });
  });

  it('never lets the key appear in an error, even when the service echoes it back', async () => {
    server.use(
      http.post(`${GLOBAL}/translate`, ({ request: received }) => {
        const key = received.headers.get('ocp-apim-subscription-key') ?? '';
        return HttpResponse.json(
          {
            error: {
              code: 401000,
              message: `The request isn't authorized because credentials are missing or invalid: ${key}`,
            },
          },
          { status: 401, headers: { 'X-requestid': key, 'Ocp-Apim-Subscription-Key': key } },
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
      apiError.responseBody ?? '',
      apiError.requestId ?? '',
      JSON.stringify(apiError.responseHeaders),
      JSON.stringify(apiError),
      String(apiError.stack),
    ]) {
      expect(text).not.toContain(KEY);
    }
    expect(apiError.providerMessage).toContain('[REDACTED]');
  });

  it('asks for the key by option and environment variable, before sending anything', async () => {
    const fake = fakeAzure();
    const error = await failure(
      createAzureTranslator({ region: REGION, fetch: globalThis.fetch }).translate(request),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'missing_secret', setting: 'AZURE_TRANSLATOR_KEY' });
    expect((error as Error).message).toContain("'apiKey'");
    expect((error as Error).message).toContain('AZURE_TRANSLATOR_KEY');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('createAzureTranslator: endpoints', () => {
  it('sends to the api-eur geography and records it as the region', async () => {
    const fake = createAzureTranslatorHandlers({
      baseUrl: 'https://api-eur.cognitive.microsofttranslator.com',
      apiKey: KEY,
      region: REGION,
    });
    server.use(...fake.handlers);
    const azure = translator({ endpoint: 'https://api-eur.cognitive.microsofttranslator.com/' });
    await azure.translate(request);
    expect(azure.endpoint).toBe('https://api-eur.cognitive.microsofttranslator.com');
    expect(azure.region).toBe('eur');
    expect(new URL(fake.requests[0]?.url ?? '').host).toBe('api-eur.cognitive.microsofttranslator.com');
  });

  it('adds the Text Translation path to a custom endpoint given as the portal shows it', async () => {
    const base = 'https://toex-uk.cognitiveservices.azure.com/translator/text/v3.0';
    const fake = createAzureTranslatorHandlers({ baseUrl: base, apiKey: KEY, region: REGION });
    server.use(...fake.handlers);
    const azure = translator({ endpoint: 'https://toex-uk.cognitiveservices.azure.com/' });
    await azure.translate(request);
    expect(azure.endpoint).toBe(base);
    expect(azure.region).toBe(REGION);
    expect(new URL(fake.requests[0]?.url ?? '').pathname).toBe('/translator/text/v3.0/translate');
  });

  it('keeps a custom endpoint path that is already complete, and drops a trailing /translate', () => {
    const base = 'https://toex-uk.cognitiveservices.azure.com/translator/text/v3.0';
    expect(translator({ endpoint: base }).endpoint).toBe(base);
    expect(translator({ endpoint: `${base}/translate` }).endpoint).toBe(base);
  });

  it('refuses plain http:// to another machine, and an endpoint carrying a key, when created', () => {
    expect(() => translator({ endpoint: 'http://api-eur.cognitive.microsofttranslator.com' })).toThrow(
      expect.objectContaining({ code: 'insecure_endpoint' }),
    );
    const withKey = (() => {
      try {
        translator({ endpoint: `${GLOBAL}/?Subscription-Key=${KEY}` });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(ConfigurationError.isInstance(withKey)).toBe(true);
    expect(withKey).toMatchObject({ code: 'invalid_endpoint', setting: 'endpoint' });
    expect((withKey as Error).message).not.toContain(KEY);
  });

  it('allows plain http:// to this machine, e.g. a local test double', async () => {
    const fake = createAzureTranslatorHandlers({ baseUrl: 'http://127.0.0.1:5099', apiKey: KEY });
    server.use(...fake.handlers);
    const response = await translator({ endpoint: 'http://127.0.0.1:5099' }).translate(request);
    expect(response.items).toHaveLength(2);
  });
});

describe('createAzureTranslator: Microsoft Entra ID', () => {
  const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra-token-for-tests';
  const RESOURCE =
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/toex/providers/Microsoft.CognitiveServices/accounts/toex-uk/';

  it('sends the bearer token, resource id and region instead of a key on the global endpoint', async () => {
    const fake = fakeAzure({ bearerToken: TOKEN, resourceId: RESOURCE });
    let calls = 0;
    const azure = createAzureTranslator({
      region: REGION,
      resourceId: RESOURCE,
      getBearerToken: async () => {
        calls += 1;
        return TOKEN;
      },
      fetch: globalThis.fetch,
    });
    await azure.translate(request);
    await azure.translate(request);
    expect(calls).toBe(2);
    expect(fake.requests[0]?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'ocp-apim-resourceid': RESOURCE,
      'ocp-apim-subscription-region': REGION,
    });
    expect(fake.requests[0]?.headers['ocp-apim-subscription-key']).toBeUndefined();
  });

  it('sends only the bearer token to a custom endpoint', async () => {
    const base = 'https://toex-uk.cognitiveservices.azure.com/translator/text/v3.0';
    const fake = createAzureTranslatorHandlers({ baseUrl: base, bearerToken: TOKEN });
    server.use(...fake.handlers);
    await createAzureTranslator({
      endpoint: base,
      bearerToken: TOKEN,
      resourceId: RESOURCE,
      fetch: globalThis.fetch,
    }).translate(request);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.requests[0]?.headers['ocp-apim-resourceid']).toBeUndefined();
    expect(fake.requests[0]?.outcome).toBe('answered');
  });

  it('asks for the resource id when a token is used on the global endpoint', () => {
    expect(() => createAzureTranslator({ bearerToken: TOKEN })).toThrow(
      expect.objectContaining({ code: 'missing_setting', setting: 'resourceId' }),
    );
  });

  it('keeps the token out of errors', async () => {
    answer(401, fixture('error-401000.json'), { 'X-requestid': TOKEN });
    const error = await failure(
      createAzureTranslator({ bearerToken: TOKEN, resourceId: RESOURCE, fetch: globalThis.fetch }).translate(
        request,
      ),
    );
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('reports a failing token source as a configuration error', async () => {
    const error = await failure(
      createAzureTranslator({
        resourceId: RESOURCE,
        getBearerToken: () => {
          throw new Error('managed identity endpoint unreachable');
        },
        fetch: globalThis.fetch,
      }).translate(request),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'bearer_token_unavailable' });
  });
});

describe('createAzureTranslator: glossary as dynamic dictionary', () => {
  const glossary = {
    id: 'g1',
    entries: [
      { term: 'Mo', translation: 'Mo "the Knife" & co <boss>' },
      { term: 'La Paloma', translation: 'The Dove' },
    ],
  };

  it('sends escaped markup for whole-word, case-sensitive matches, and bills the markup', async () => {
    const fake = fakeAzure();
    const response = await translator().translate({
      texts: ['Mo saw La Paloma', 'mo and Momo not', 'nothing'],
      from: 'en',
      to: ['de', 'fr'],
      glossary,
    });
    const sent = sentTexts(fake.requests[0]?.body);
    expect(sent).toEqual([
      '<mstrans:dictionary translation="Mo &quot;the Knife&quot; &amp; co &lt;boss&gt;">Mo</mstrans:dictionary> saw ' +
        '<mstrans:dictionary translation="The Dove">La Paloma</mstrans:dictionary>',
      'mo and Momo not',
      'nothing',
    ]);
    const sentLength = sent.reduce((sum, text) => sum + text.length, 0);
    expect(response.billableCharacters).toBe(sentLength * 2);
    // The fake meters what Azure documents: every character sent, markup included, per target.
    expect(response.meteredCharacters).toBe(response.billableCharacters);
    expect(response.items[0]?.translations.de).toBe('[de] Mo "the Knife" & co <boss> SAW The Dove');
    expect(response.warnings).toEqual([]);
  });

  it('sends no markup without a source language, and says so', async () => {
    const fake = fakeAzure();
    const response = await translator().translate({ texts: ['Mo vio a La Paloma'], to: ['en'], glossary });
    expect(fake.requests[0]?.body).toEqual([{ Text: 'Mo vio a La Paloma' }]);
    expect(response.billableCharacters).toBeUndefined();
    expect(response.warnings).toEqual([expect.objectContaining({ type: 'unsupported' })]);
    expect(response.warnings[0]?.message).toContain('source language');
  });

  it('sends no markup when neither side is English, as Azure requires', async () => {
    const fake = fakeAzure();
    const response = await translator().translate({
      texts: ['Mo vio a La Paloma'],
      from: 'es',
      to: ['fr'],
      glossary,
    });
    expect(fake.requests[0]?.body).toEqual([{ Text: 'Mo vio a La Paloma' }]);
    expect(response.warnings[0]?.message).toContain('English');
  });

  it('drops markup where it would push the request over 50,000 characters, so Azure does not refuse it', async () => {
    const fake = fakeAzure();
    // 1,000 texts of 48 characters: 48,000 characters, under the limit until marked up.
    const texts = Array.from({ length: 1_000 }, (_, index) => `Mo dijo ${String(index).padStart(40, '0')}`);
    const response = await translator().translate({ texts, from: 'es', to: ['en'], glossary });
    expect(fake.requests[0]?.outcome).toBe('answered');
    expect(response.items).toHaveLength(1_000);
    expect(response.meteredCharacters).toBeLessThanOrEqual(50_000);
    expect(response.billableCharacters).toBe(response.meteredCharacters);
    expect(response.warnings).toEqual([expect.objectContaining({ type: 'other' })]);
    const marked = sentTexts(fake.requests[0]?.body).filter((text) => text.includes('mstrans'));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.length).toBeLessThan(1_000);
  });

  it('packed by the pipeline, keeps the markup on every text: requests are filled by their length as sent', async () => {
    const fake = fakeAzure();
    const texts = Array.from({ length: 1_000 }, (_, index) => `Mo dijo ${String(index).padStart(40, '0')}`);
    const result = await translateTexts(texts, {
      provider: translator(),
      from: 'es',
      to: ['en'],
      glossary,
      cache: false,
    });
    expect(result.failedRows).toBe(0);
    const requests = fake.requests.map((request) => sentTexts(request.body));
    // More requests than the 48,000 unmarked characters would need, none over Azure's limit, none cut.
    expect(requests.length).toBeGreaterThan(1);
    for (const sent of requests) {
      expect(sent.reduce((sum, text) => sum + text.length, 0)).toBeLessThanOrEqual(50_000);
    }
    expect(requests.flat().filter((text) => text.includes('mstrans'))).toHaveLength(1_000);
    // What was reserved and billed is what was sent, markup included.
    expect(result.billedCharacters).toBe(requests.flat().reduce((sum, text) => sum + text.length, 0));
  });

  it('warns once per glossary about entries that markup cannot carry', async () => {
    fakeAzure();
    const azure = translator();
    const withAmpersand = { id: 'g2', entries: [{ term: 'M&S', translation: 'Marks' }, ...glossary.entries] };
    const first = await azure.translate({ texts: ['Mo'], from: 'es', to: ['en'], glossary: withAmpersand });
    const second = await azure.translate({ texts: ['Mo'], from: 'es', to: ['en'], glossary: withAmpersand });
    expect(first.warnings).toEqual([expect.objectContaining({ type: 'unsupported' })]);
    expect(first.warnings[0]?.message).toContain('1 glossary entries were left out');
    expect(second.warnings).toEqual([]);
  });
});
