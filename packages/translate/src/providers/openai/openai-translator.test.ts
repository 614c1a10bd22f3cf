import { ApiCallError, ConfigurationError } from '@toex/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranslationRequest } from '../../spec';
import { createOpenAiChatHandlers } from '../../testing/openai-chat-handlers';
import { runPipelineStorm, stormTexts } from '../__fixtures__/pipeline-storm';
import { createOpenAiTranslator } from './openai-translator';

// Chat Completions: https://platform.openai.com/docs/api-reference/chat/create
// Azure OpenAI: https://learn.microsoft.com/azure/ai-services/openai/reference
// Errors: https://platform.openai.com/docs/guides/error-codes

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const KEY = 'sk-test-0123456789abcdefghijklmnop';
const URL_OPENAI = 'https://api.openai.com/v1/chat/completions';

beforeEach(() => {
  vi.stubEnv('OPENAI_API_KEY', '');
  vi.stubEnv('AZURE_OPENAI_API_KEY', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function translator(settings: Partial<Parameters<typeof createOpenAiTranslator>[0]> = {}) {
  return createOpenAiTranslator({ model: 'gpt-4o-mini', apiKey: KEY, fetch: globalThis.fetch, ...settings });
}

function fakeChat(options: Parameters<typeof createOpenAiChatHandlers>[0] = {}) {
  const fake = createOpenAiChatHandlers({ apiKey: KEY, ...options });
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

const request: TranslationRequest = { texts: ['Hola', 'Nos vemos\nmañana'], from: 'es', to: ['en'] };

describe('createOpenAiTranslator: wire format', () => {
  it('sends numbered JSON segments at temperature 0 in JSON mode, and reads the same numbers back', async () => {
    const fake = fakeChat();
    const response = await translator().translate(request);
    const body = fake.requests[0]?.body as {
      model: string;
      temperature: number;
      messages: Array<{ role: string; content: string }>;
    };
    expect(body).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0,
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(body.messages[1]!.content)).toEqual({
      segments: [
        { id: 1, text: 'Hola' },
        { id: 2, text: 'Nos vemos\nmañana' },
      ],
    });
    expect(body.messages[0]?.content).toContain('"es"');
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(response.items.map((item) => item.translations.en)).toEqual([
      '[en] HOLA',
      '[en] NOS VEMOS\nMAÑANA',
    ]);
    expect(response.usage?.inputTokens).toBeGreaterThan(0);
    expect(response.usage?.outputTokens).toBeGreaterThan(0);
  });

  it('speaks Azure OpenAI (deployment path, api-version, api-key header) and local servers without a key', async () => {
    const azureUrl = 'https://evidence.openai.azure.com/openai/deployments/gpt4o-mini-uk/chat/completions';
    const fake = fakeChat({ url: azureUrl, azure: true });
    const azure = createOpenAiTranslator({
      azure: { endpoint: 'https://evidence.openai.azure.com', deployment: 'gpt4o-mini-uk' },
      apiKey: KEY,
      fetch: globalThis.fetch,
    });
    expect(azure).toMatchObject({ id: 'azure-openai', apiVersion: '2024-10-21', model: 'gpt4o-mini-uk' });
    await azure.translate(request);
    expect(fake.requests[0]?.url).toBe(`${azureUrl}?api-version=2024-10-21`);
    expect(fake.requests[0]?.headers['api-key']).toBe(KEY);
    expect(fake.requests[0]?.body).not.toHaveProperty('model');

    server.resetHandlers();
    const localFake = createOpenAiChatHandlers({ url: 'http://127.0.0.1:8080/v1/chat/completions' });
    server.use(...localFake.handlers);
    const local = createOpenAiTranslator({
      model: 'qwen2.5-7b',
      baseUrl: 'http://127.0.0.1:8080/v1',
      fetch: globalThis.fetch,
    });
    await local.translate(request);
    expect(localFake.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('needs a model and a key for a remote API, and refuses several targets', async () => {
    expect(() => createOpenAiTranslator({} as never)).toThrow(/model/);
    const keyless = createOpenAiTranslator({ model: 'gpt-4o-mini', fetch: globalThis.fetch });
    expect(await failure(keyless.translate(request))).toMatchObject({ code: 'missing_secret' });
    await expect(translator().translate({ ...request, to: ['en', 'fr'] })).rejects.toThrow(
      ConfigurationError,
    );
  });
});

describe('createOpenAiTranslator: verification and errors', () => {
  it.each([
    [
      'drops a segment',
      (segments: Array<{ id: number; text: string }>) => segments.slice(0, -1),
      '1 segments for 2',
    ],
    [
      'reorders segments',
      (segments: Array<{ id: number; text: string }>) => [...segments].reverse(),
      'segment 2 where segment 1',
    ],
  ])(
    'refuses a reply that %s as segment_mismatch, using nothing from it',
    async (_name, misbehave, problem) => {
      fakeChat({ misbehave });
      const error = await failure(translator().translate(request));
      expect(error).toMatchObject({ code: 'segment_mismatch', retryable: false });
      expect((error as Error).message).toContain(problem);
    },
  );

  it('refuses a reply cut at the token limit and one stopped by the content filter', async () => {
    const reply = (finish: string) =>
      server.use(
        http.post(URL_OPENAI, () =>
          HttpResponse.json({
            choices: [{ message: { content: '{"translations":[' }, finish_reason: finish }],
          }),
        ),
      );
    reply('length');
    expect(await failure(translator().translate(request))).toMatchObject({ code: 'segment_mismatch' });
    server.resetHandlers();
    reply('content_filter');
    expect(await failure(translator().translate(request))).toMatchObject({
      code: 'content_filter',
      retryable: false,
    });
  });

  it.each([
    [401, 'invalid_api_key', false],
    [429, 'insufficient_quota', false],
    [429, 'rate_limit_exceeded', true],
    [400, 'context_length_exceeded', false],
    [500, 'server_error', true],
  ])('maps HTTP %i %s', async (status, code, retryable) => {
    server.use(
      http.post(URL_OPENAI, () =>
        HttpResponse.json(
          { error: { message: `${code} happened`, type: 'x', param: null, code } },
          { status },
        ),
      ),
    );
    const error = await failure(translator().translate(request));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: status, providerCode: code, retryable });
  });
});

describe('createOpenAiTranslator through the pipeline', () => {
  it('retries a mismatched request in halves until each half comes back whole, losing no row', async () => {
    // The "model" drops the last segment whenever it is sent more than 3.
    const fake = fakeChat({
      misbehave: (segments) => (segments.length > 3 ? segments.slice(0, -1) : segments),
    });
    const texts = Array.from({ length: 12 }, (_, index) => `Mensaje número ${index}`);
    const { result } = await runPipelineStorm(translator(), texts, { from: 'es' });
    expect(result.failedRows).toBe(0);
    expect(result.texts.map((text) => text.translations.en)).toEqual(
      texts.map((text) => `[en] ${text.toUpperCase()}`),
    );
    const sizes = fake.requests.map(
      (entry) =>
        JSON.parse((entry.body as { messages: Array<{ content: string }> }).messages[1]!.content).segments
          .length,
    );
    expect(sizes[0]).toBe(12);
    expect(Math.max(...sizes.slice(1))).toBeLessThan(12);
    expect(sizes.filter((size) => size <= 3).reduce((sum, size) => sum + size, 0)).toBe(12);
  });

  it('marks only the text that never comes back whole failed:segment_mismatch; the rest of its batch is translated', async () => {
    const fake = fakeChat({
      misbehave: (segments) => segments.filter((segment) => segment.text !== 'Mensaje raro'),
    });
    const texts = ['Mensaje uno', 'Mensaje raro', 'Mensaje tres', 'Mensaje cuatro', 'Mensaje cinco'];
    const { result } = await runPipelineStorm(translator(), texts, { from: 'es' });
    expect(result.failedRows).toBe(1);
    expect(result.texts.map((text) => text.status)).toEqual([
      'ok',
      'failed:segment_mismatch',
      'ok',
      'ok',
      'ok',
    ]);
    expect(result.texts.map((text) => text.translations.en)).toEqual([
      '[en] MENSAJE UNO',
      undefined,
      '[en] MENSAJE TRES',
      '[en] MENSAJE CUATRO',
      '[en] MENSAJE CINCO',
    ]);
    expect(result.texts.map((text) => text.text)).toEqual(texts);
    const failed = result.texts[1]!;
    expect(failed.error?.message).toMatch(/could not translate this text even when it was sent on its own/);
    expect(failed.error?.message).toContain('0 segments for 1');
    // The odd text was tried alone, once, and not again: the split stops at one text.
    const alone = fake.requests.filter((entry) => {
      const sent = JSON.parse((entry.body as { messages: Array<{ content: string }> }).messages[1]!.content);
      return sent.segments.length === 1 && sent.segments[0].text === 'Mensaje raro';
    });
    expect(alone).toHaveLength(1);
  });

  it.each([
    ['prompt', 400],
    ['completion', 200],
  ] as const)(
    "finds the one message a batch's content filter (%s, HTTP %i) refuses, and fails only its row",
    async (where, status) => {
      const fake = fakeChat({
        contentFilter: (segments) =>
          segments.some((segment) => segment.text.includes('amenaza')) ? where : undefined,
      });
      const texts = Array.from({ length: 8 }, (_, index) =>
        index === 5 ? 'Te voy a matar, es una amenaza' : `Mensaje ${index}`,
      );
      const { result } = await runPipelineStorm(translator(), texts, { from: 'es' });
      expect(result.texts.map((text) => text.status)).toEqual(
        texts.map((_, index) => (index === 5 ? 'failed:content_filter' : 'ok')),
      );
      expect(result.failedRows).toBe(1);
      expect(result.stoppedBy).toBeUndefined();
      expect(fake.requests.filter((entry) => entry.status === status).length).toBeGreaterThan(0);
    },
  );

  it('fails a single-text request as a request: nothing to split', async () => {
    fakeChat({ misbehave: () => [] });
    const { result } = await runPipelineStorm(translator(), ['Solo'], { from: 'es' });
    expect(result.texts.map((text) => text.status)).toEqual(['failed:segment_mismatch']);
  });

  it('loses no text through a 429 storm with 5xx and resets', async () => {
    const fake = fakeChat({
      faults: {
        failureRate: 0.12,
        seed: 9,
        throttleBursts: [
          { fromRequest: 2, count: 4, retryAfterSeconds: 1 },
          { fromRequest: 10, count: 2 },
        ],
      },
    });
    const texts = stormTexts(400);
    const { result, retries } = await runPipelineStorm(translator({ maxSegmentsPerRequest: 20 }), texts, {
      from: 'es',
    });
    expect(result.failedRows).toBe(0);
    expect(result.texts.map((text) => text.translations.en ?? '')).toEqual(
      texts.map((text) => (text === '' ? '' : `[en] ${text.toUpperCase()}`)),
    );
    expect(retries.filter((event) => event.code === 'http_429')).toHaveLength(6);
    expect(new Set(fake.requests.map((entry) => entry.outcome))).toContain('server_error');
  });
});
