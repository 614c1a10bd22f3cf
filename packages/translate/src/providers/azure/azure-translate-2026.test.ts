import { ApiCallError } from '@toex/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranslationRequest } from '../../spec';
import { createAzureTranslator2026Handlers } from '../../testing/azure-translator-2026-handlers';
import { runPipelineStorm, stormTexts } from '../__fixtures__/pipeline-storm';
import { createAzureTranslator } from './azure-translator';

// API 2026-06-06: https://learn.microsoft.com/azure/ai-services/translator/text-translation/2026-06-06/translate-api
// Migration (no Detect): https://learn.microsoft.com/azure/ai-services/translator/text-translation/how-to/migrate-to-2026-06-06

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const KEY = '0123456789abcdef0123456789abcdef';
const BASE = 'https://api.cognitive.microsofttranslator.com';

beforeEach(() => {
  for (const name of ['AZURE_TRANSLATOR_KEY', 'AZURE_TRANSLATOR_REGION', 'AZURE_TRANSLATOR_ENDPOINT'])
    vi.stubEnv(name, '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function translator(settings: Parameters<typeof createAzureTranslator>[0] = {}) {
  return createAzureTranslator({
    apiKey: KEY,
    apiVersion: '2026-06-06',
    fetch: globalThis.fetch,
    ...settings,
  });
}

function fakeAzure(options: Parameters<typeof createAzureTranslator2026Handlers>[0] = {}) {
  const fake = createAzureTranslator2026Handlers({ apiKey: KEY, ...options });
  server.use(...fake.handlers);
  return fake;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const request: TranslationRequest = { texts: ['Hola', '¿Dónde estás?'], from: 'es', to: ['en', 'fr'] };

describe('createAzureTranslator({ apiVersion: "2026-06-06" })', () => {
  it('records the API version and leaves glossaries to toex, as 2026-06-06 has no dynamic dictionary', () => {
    expect(translator()).toMatchObject({
      apiVersion: '2026-06-06',
      capabilities: { detectsLanguage: true, multipleTargets: true, glossary: 'none' },
    });
    expect(createAzureTranslator({ apiKey: KEY }).apiVersion).toBe('3.0');
    expect(() => createAzureTranslator({ apiVersion: '2025-10-01-preview' } as never)).toThrow(/apiVersion/);
  });

  it('sends {"inputs":[…targets…]} and reads value, billing from sourceCharactersCharged', async () => {
    const fake = fakeAzure();
    const response = await translator({ category: 'cat-1' }).translate(request);
    const sent = fake.requests[0]!;
    expect(sent.url).toBe(`${BASE}/translate?api-version=2026-06-06`);
    const targets = [
      { language: 'en', deploymentName: 'cat-1' },
      { language: 'fr', deploymentName: 'cat-1' },
    ];
    expect(sent.body).toEqual({
      inputs: [
        { text: 'Hola', language: 'es', textType: 'plain', targets },
        { text: '¿Dónde estás?', language: 'es', textType: 'plain', targets },
      ],
    });
    expect(response.items).toEqual([
      { translations: { en: '[en] HOLA', fr: '[fr] HOLA' } },
      { translations: { en: '[en] ¿DÓNDE ESTÁS?', fr: '[fr] ¿DÓNDE ESTÁS?' } },
    ]);
    expect(response.meteredCharacters).toBe((4 + 13) * 2);
  });

  it('reports the language Translate detected per input when `from` is omitted', async () => {
    fakeAzure({ detect: (text) => (text.startsWith('Bon') ? 'fr' : 'es') });
    const response = await translator().translate({ texts: ['Hola', 'Bonjour'], to: ['en'] });
    expect(response.items.map((item) => item.detectedLanguage?.language)).toEqual(['es', 'fr']);
  });

  it('uses the custom endpoint path without the version', async () => {
    const custom = 'https://my-translator.cognitiveservices.azure.com';
    const fake = fakeAzure({ baseUrl: `${custom}/translator/text` });
    const azure = translator({ endpoint: custom });
    expect(azure.endpoint).toBe(`${custom}/translator/text`);
    await azure.translate(request);
    expect(fake.requests[0]?.outcome).toBe('answered');
  });

  it('refuses a short value as non-retryable, and maps the v3 error codes', async () => {
    server.use(http.post(`${BASE}/translate`, () => HttpResponse.json({ value: [{ translations: [] }] })));
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'invalid_response',
      retryable: false,
    });
    server.resetHandlers();
    fakeAzure({ faults: { throttleBursts: [{ fromRequest: 1, count: 1, retryAfterSeconds: 3 }] } });
    expect(await failure(translator().translate(request))).toMatchObject({
      statusCode: 429,
      providerCode: '429001',
      retryable: true,
      retryAfterMs: 3_000,
    });
    server.resetHandlers();
    fakeAzure();
    const refused = await failure(translator({ apiKey: 'f'.repeat(32) }).translate(request));
    expect(ApiCallError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ statusCode: 401, providerCode: '401000', retryable: false });
    server.resetHandlers();
    fakeAzure({ faults: { failureRate: 1, failureKinds: ['http_503'] } });
    expect(await failure(translator().translate(request))).toMatchObject({
      providerCode: '503000',
      retryable: true,
    });
  });

  it('packed by the pipeline, stays within 1,000 inputs and 50,000 characters across targets', async () => {
    const fake = fakeAzure();
    const texts = Array.from(
      { length: 2_500 },
      (_, index) => `Mensaje ${index}: ${'nos vemos '.repeat(index % 5)}`,
    );
    const { result } = await runPipelineStorm(translator(), texts, { from: 'es', to: ['en', 'fr'] });
    expect(result.failedRows).toBe(0);
    expect(fake.requests.every((sent) => sent.outcome === 'answered')).toBe(true);
    expect(result.billedCharacters).toBe(fake.billedCharacters());
  });

  it('loses no text through a 429 storm with 5xx and resets, and bills each text once', async () => {
    const fake = fakeAzure({
      faults: {
        failureRate: 0.12,
        seed: 8,
        throttleBursts: [
          { fromRequest: 2, count: 4 },
          { fromRequest: 10, count: 2, retryAfterSeconds: 2 },
        ],
      },
    });
    const texts = stormTexts(900);
    const azure = translator();
    const { result, retries } = await runPipelineStorm(
      { ...azure, limits: { ...azure.limits, maxItemsPerRequest: 40 } },
      texts,
      { from: 'es' },
    );
    expect(result.failedRows).toBe(0);
    expect(result.texts.map((text) => text.translations.en ?? '')).toEqual(
      texts.map((text) => (text === '' ? '' : `[en] ${text.toUpperCase()}`)),
    );
    expect(retries.filter((event) => event.code === 'http_429')).toHaveLength(6);
    const unique = new Set(texts.filter((text) => text !== ''));
    expect(fake.billedCharacters()).toBe([...unique].reduce((sum, text) => sum + text.length, 0));
    expect(result.billedCharacters).toBe(fake.billedCharacters());
  });
});
