import { retry } from '@toex/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAzureTranslator } from '../providers/azure/azure-translator';
import { createAzureTranslatorHandlers } from './azure-translator-handlers';

// The fake must refuse what Azure refuses, with the documented codes:
// https://learn.microsoft.com/azure/ai-services/translator/service-limits#character-and-array-limits-per-request
// https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/status-response-codes

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE = 'https://api.cognitive.microsofttranslator.com';
const KEY = '0123456789abcdef0123456789abcdef';

async function post(query: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${BASE}/translate?${query}`, {
    method: 'POST',
    headers: {
      'Ocp-Apim-Subscription-Key': KEY,
      'Content-Type': 'application/json; charset=UTF-8',
      ...headers,
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as unknown, headers: response.headers };
}

const texts = (count: number, length: number) =>
  JSON.stringify(Array.from({ length: count }, () => ({ Text: 'a'.repeat(length) })));

describe('createAzureTranslatorHandlers', () => {
  it.each([
    ['api-version=3.0&to=en', texts(1_001, 1), 400, 400072],
    ['api-version=3.0&to=en', texts(1, 50_001), 400, 400050],
    ['api-version=3.0&to=en&to=de', texts(2, 12_501), 400, 400077],
    ['api-version=2.0&to=en', texts(1, 1), 400, 400021],
    ['api-version=3.0', texts(1, 1), 400, 400036],
    ['api-version=3.0&to=en&textType=rich', texts(1, 1), 400, 400071],
    ['api-version=3.0&to=en', '[{"Text": ', 400, 400074],
    ['api-version=3.0&to=en', '[{"text":"lower-case property"}]', 400, 400005],
  ])('refuses %s with a body of %#, as Azure does', async (query, body, status, code) => {
    const fake = createAzureTranslatorHandlers({ apiKey: KEY });
    server.use(...fake.handlers);
    const answer = await post(query, body);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error: { code, message: expect.any(String) } });
    expect(fake.requests[0]).toMatchObject({ outcome: 'rejected', status, errorCode: String(code) });
    expect(fake.billedCharacters()).toBe(0);
  });

  it('accepts exactly 1,000 elements and 50,000 characters across targets, metering them all', async () => {
    const fake = createAzureTranslatorHandlers({ apiKey: KEY });
    server.use(...fake.handlers);
    const answer = await post('api-version=3.0&to=en&to=de&from=es', texts(1_000, 25));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-metered-usage')).toBe('50000');
    expect(answer.headers.get('x-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('x-mt-system')).toBe('Team,Team');
  });

  it('refuses the wrong key, a missing region for a regional resource, and a form body', async () => {
    const fake = createAzureTranslatorHandlers({ apiKey: KEY, region: 'uksouth' });
    server.use(...fake.handlers);
    expect((await post('api-version=3.0&to=en', texts(1, 1))).status).toBe(401);
    expect(
      (await post('api-version=3.0&to=en', texts(1, 1), { 'Ocp-Apim-Subscription-Key': 'f'.repeat(32) }))
        .status,
    ).toBe(401);
    const regional = { 'Ocp-Apim-Subscription-Region': 'uksouth' };
    expect((await post('api-version=3.0&to=en', texts(1, 1), regional)).status).toBe(200);
    const form = await post('api-version=3.0&to=en', 'Text=a', {
      ...regional,
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(form.body).toEqual({ error: { code: 415000, message: expect.any(String) } });
  });

  it('lets a retrying client through a storm of 5xx, resets and 429 bursts with nothing lost or billed twice', async () => {
    const fake = createAzureTranslatorHandlers({
      apiKey: KEY,
      faults: {
        failureRate: 0.3,
        seed: 42,
        throttleBursts: [
          { fromRequest: 3, count: 4 },
          { fromRequest: 20, count: 2, retryAfterSeconds: 1 },
        ],
      },
    });
    server.use(...fake.handlers);
    const azure = createAzureTranslator({ apiKey: KEY, fetch: globalThis.fetch });
    const batches = Array.from({ length: 30 }, (_, batch) => [`mensaje ${batch}a`, `mensaje ${batch}b`]);
    const results = await Promise.all(
      batches.map((batch) =>
        retry((_attempt, signal) => azure.translate({ texts: batch, from: 'es', to: ['en'] }, { signal }), {
          maxRetries: 8,
          sleep: async () => {},
        }),
      ),
    );
    expect(results.flatMap((result) => result.items.map((item) => item.translations.en))).toEqual(
      batches.flat().map((text) => `[en] ${text.toUpperCase()}`),
    );
    const outcomes = new Set(fake.requests.map((request) => request.outcome));
    expect(outcomes).toEqual(new Set(['answered', 'throttled', 'server_error', 'connection_reset']));
    // Only answered requests bill, and each batch was answered exactly once.
    expect(fake.requests.filter((request) => request.outcome === 'answered')).toHaveLength(30);
    expect(fake.billedCharacters()).toBe(
      results.reduce((sum, result) => sum + (result.meteredCharacters ?? 0), 0),
    );
  });
});
