import { ApiCallError, ConfigurationError } from '@toex/core';
import { defaultPriceCatalogue } from '@toex/costing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranslationRequest } from '../../spec';
import { createLibreTranslateHandlers } from '../../testing/libretranslate-handlers';
import { runPipelineStorm, stormTexts } from '../__fixtures__/pipeline-storm';
import { createLibreTranslateTranslator } from './libretranslate-translator';

// API: https://libretranslate.com/docs; behaviour from LibreTranslate/LibreTranslate `libretranslate/app.py`.

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE = 'http://127.0.0.1:5000';

beforeEach(() => {
  vi.stubEnv('LIBRETRANSLATE_URL', '');
  vi.stubEnv('LIBRETRANSLATE_API_KEY', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function translator(settings: Parameters<typeof createLibreTranslateTranslator>[0] = {}) {
  return createLibreTranslateTranslator({ fetch: globalThis.fetch, ...settings });
}

function fakeLibre(options: Parameters<typeof createLibreTranslateHandlers>[0] = {}) {
  const fake = createLibreTranslateHandlers(options);
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

const request: TranslationRequest = { texts: ['Hola', 'a < b & c'], from: 'es', to: ['en'] };

describe('createLibreTranslateTranslator: identity', () => {
  it('leaves detection to toex, is free, and takes its limits from the settings', () => {
    const libre = translator({ batchLimit: 16, charLimit: 2_000 });
    expect(libre).toMatchObject({
      id: 'libretranslate',
      endpoint: BASE,
      capabilities: { detectsLanguage: false, multipleTargets: false, glossary: 'none' },
      limits: { maxItemsPerRequest: 16, maxCharactersPerItem: 2_000 },
      billing: { characterCounting: 'none' },
    });
    const { provider, service, sku } = libre.billing;
    expect(defaultPriceCatalogue().find({ provider, service, sku, date: '2026-12-01' })).toBeDefined();
  });

  it('reads LIBRETRANSLATE_URL, and refuses plain http to another machine and misspelt settings', () => {
    vi.stubEnv('LIBRETRANSLATE_URL', 'http://127.0.0.1:5001/translate');
    expect(createLibreTranslateTranslator().endpoint).toBe('http://127.0.0.1:5001');
    expect(() => translator({ baseUrl: 'http://mt.example.org' })).toThrow(ConfigurationError);
    expect(() => createLibreTranslateTranslator({ url: BASE } as never)).toThrow(/unknown option "url"/);
  });
});

describe('createLibreTranslateTranslator: wire format', () => {
  it('posts a q array with an explicit source and format=text, and reads the array back in order', async () => {
    const fake = fakeLibre();
    const response = await translator().translate(request);
    expect(fake.requests[0]?.body).toEqual({
      q: ['Hola', 'a < b & c'],
      source: 'es',
      target: 'en',
      format: 'text',
    });
    expect(response.items.map((item) => item.translations.en)).toEqual(['[es→en] HOLA', '[es→en] A < B & C']);
  });

  it('sends the API key in the body when one is set, and reports a refused key as final', async () => {
    const fake = fakeLibre({ apiKey: 'lt-key-0123456789' });
    await translator({ apiKey: 'lt-key-0123456789' }).translate(request);
    expect(fake.requests[0]?.body).toMatchObject({ api_key: 'lt-key-0123456789' });
    const refused = await failure(translator({ apiKey: 'wrong-key-000000' }).translate(request));
    expect(refused).toMatchObject({ statusCode: 403, retryable: false });
    expect((refused as Error).message).toContain('LIBRETRANSLATE_API_KEY');
    expect((refused as Error).message).not.toContain('wrong-key-000000');
  });

  it('sends one text with source=auto and reports its language; refuses a batch without from', async () => {
    const fake = fakeLibre({ detect: () => 'fr' });
    const single = await translator().translate({ texts: ['Bonjour'], to: ['en'] });
    expect(single.items[0]).toEqual({
      translations: { en: '[fr→en] BONJOUR' },
      detectedLanguage: { language: 'fr', score: 0.9 },
    });
    const batch = await failure(translator().translate({ texts: ['Hola', 'Bonjour'], to: ['en'] }));
    expect(ConfigurationError.isInstance(batch)).toBe(true);
    expect(batch).toMatchObject({ code: 'source_language_required' });
    expect(fake.requests).toHaveLength(1);
  });

  it('lists language pairs from GET /languages', async () => {
    fakeLibre({ languages: { es: ['en'], en: ['es', 'fr'] } });
    const support = await translator().languages!();
    expect(support.pairs).toEqual([
      { from: 'es', to: 'en' },
      { from: 'en', to: 'es' },
      { from: 'en', to: 'fr' },
    ]);
  });

  it('says, as a typed warning, that a glossary was not sent', async () => {
    fakeLibre();
    const response = await translator().translate({
      ...request,
      glossary: { id: 'g', entries: [{ term: 'a', translation: 'b' }] },
    });
    expect(response.warnings).toEqual([expect.objectContaining({ type: 'unsupported' })]);
  });
});

describe('createLibreTranslateTranslator: limits and errors', () => {
  it('packed by the pipeline, stays within the server batch and per-text character limits', async () => {
    const fake = fakeLibre({ batchLimit: 8, charLimit: 300 });
    const texts = Array.from({ length: 60 }, (_, index) =>
      index % 10 === 0
        ? `Mensaje largo ${index}. ${'Nos vemos mañana en la estación. '.repeat(20)}`
        : `Mensaje ${index}`,
    );
    const { result } = await runPipelineStorm(translator({ batchLimit: 8, charLimit: 300 }), texts, {
      from: 'es',
    });
    expect(result.failedRows).toBe(0);
    expect(fake.requests.every((sent) => sent.outcome === 'answered')).toBe(true);
    for (const sent of fake.requests.filter((entry) => entry.method === 'POST')) {
      const q = (sent.body as { q: string[] }).q;
      expect(q.length).toBeLessThanOrEqual(8);
      expect(Math.max(...q.map((text) => text.length))).toBeLessThanOrEqual(300);
    }
  });

  it.each([
    [400, 'Invalid request: request (40) exceeds text limit (32)', false, '--batch-limit', undefined],
    [400, 'xx is not supported', false, 'GET /languages', 'unsupported_language'],
    [429, 'Slowdown: 60 per 1 minute', true, 'rate-limiting', undefined],
    [500, 'Cannot translate text: worker crashed', true, 'log', undefined],
  ])(
    'maps HTTP %i "%s" to its retryability and hint',
    async (status, message, retryable, hint, providerCode) => {
      server.use(http.post(`${BASE}/translate`, () => HttpResponse.json({ error: message }, { status })));
      const error = await failure(translator().translate(request));
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: status, retryable });
      expect((error as ApiCallError).providerCode).toBe(providerCode);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).toContain(hint);
    },
  );

  it('refuses a short or truncated answer as non-retryable', async () => {
    server.use(http.post(`${BASE}/translate`, () => HttpResponse.json({ translatedText: ['one'] })));
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'invalid_response',
      retryable: false,
    });
    server.resetHandlers();
    fakeLibre({ faults: { malformedRate: 1 } });
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'invalid_response',
      retryable: false,
    });
  });
});

describe('createLibreTranslateTranslator through the pipeline', () => {
  it('translates a mixed-language chat with each text from its own language, never trusting batch detection', async () => {
    const fake = fakeLibre();
    const spanish = [
      '¿Dónde estás? Te estoy esperando en la estación de tren desde hace una hora.',
      'Mañana por la mañana vamos a comprar pan y leche en el mercado del pueblo.',
    ];
    const french = [
      'Je suis à la gare depuis une heure, où es-tu maintenant ? Réponds-moi vite.',
      'Nous allons acheter du pain et du lait au marché du village demain matin.',
    ];
    const german = [
      'Ich warte seit einer Stunde am Bahnhof, wo bist du jetzt? Antworte mir bitte.',
      'Morgen früh kaufen wir Brot und Milch auf dem Markt im Dorf, kommst du mit?',
    ];
    const texts = [spanish[0]!, french[0]!, german[0]!, spanish[1]!, french[1]!, german[1]!];
    const { result } = await runPipelineStorm(translator(), texts);
    expect(result.failedRows).toBe(0);
    expect(result.texts.map((text) => text.language)).toEqual(['es', 'fr', 'de', 'es', 'fr', 'de']);
    expect(result.texts.map((text) => text.translations.en)).toEqual(
      texts.map((text, index) => `[${['es', 'fr', 'de'][index % 3]}→en] ${text.toUpperCase()}`),
    );
    // Every batch named its language; none relied on the server's one-per-batch detection.
    const posts = fake.requests.filter((entry) => entry.method === 'POST');
    expect(posts.map((entry) => (entry.body as { source: string }).source).sort()).toEqual([
      'de',
      'es',
      'fr',
    ]);
  });

  it('loses no text through a storm of 429 Slowdowns, 500s and resets', async () => {
    const fake = fakeLibre({
      faults: {
        failureRate: 0.15,
        seed: 6,
        throttleBursts: [
          { fromRequest: 2, count: 4 },
          { fromRequest: 9, count: 2 },
        ],
      },
    });
    const texts = stormTexts(600);
    const libre = translator({ batchLimit: 20 });
    const { result, retries } = await runPipelineStorm(libre, texts, { from: 'es' });
    expect(result.failedRows).toBe(0);
    expect(result.texts.map((text) => text.translations.en ?? '')).toEqual(
      texts.map((text) => (text === '' ? '' : `[es→en] ${text.toUpperCase()}`)),
    );
    expect(retries.filter((event) => event.code === 'http_429')).toHaveLength(6);
    expect(new Set(fake.requests.map((entry) => entry.outcome))).toEqual(
      new Set(['answered', 'throttled', 'server_error', 'connection_reset']),
    );
    const unique = new Set(texts.filter((text) => text !== ''));
    const answered = fake.requests.filter((entry) => entry.outcome === 'answered' && entry.method === 'POST');
    expect(answered.flatMap((entry) => (entry.body as { q: string[] }).q).sort()).toEqual([...unique].sort());
  });
});
