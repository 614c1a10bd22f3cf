import { defaultPriceCatalogue, priceUsage } from '@toex/costing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAzureLanguageHandlers } from '../../testing/azure-language-handlers';
import { recognizeNamedEntities } from '../recognize-named-entities';
import { createAzureLanguageRecognizer } from './azure-language-recognizer';

const endpoint = 'https://toex-test.cognitiveservices.azure.com';
const apiKey = 'test-language-key';
const gazetteer = { 'Jane Smith': 'Person', Leeds: 'Location', 'Acme Haulage': 'Organization' };
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const recognizer = (extra: Parameters<typeof createAzureLanguageRecognizer>[0] = {}) =>
  createAzureLanguageRecognizer({ endpoint, apiKey, fetch: globalThis.fetch, ...extra });

describe('createAzureLanguageRecognizer', () => {
  it.each(['type-tags', 'category'] as const)(
    'reads the %s shape with UTF-16 offsets that slice back',
    async (shape) => {
      const fake = createAzureLanguageHandlers({ endpoint, apiKey, gazetteer, shape });
      server.use(...fake.handlers);
      const text = '😀😀 Jane Smith drove to Leeds for Acme Haulage.';
      const { documents, billing } = await recognizer().recognize({ texts: [text] });
      expect(documents[0]!.map((finding) => [finding.type, text.slice(finding.start, finding.end)])).toEqual([
        ['person', 'Jane Smith'],
        ['location', 'Leeds'],
        ['organisation', 'Acme Haulage'],
      ]);
      expect(fake.requests[0]!.body).toMatchObject({
        kind: 'EntityRecognition',
        parameters: { stringIndexType: 'Utf16CodeUnit' },
      });
      expect(billing).toEqual({
        unit: 'text-record',
        quantity: 1,
        priceKey: { provider: 'azure', service: 'language', sku: 'text-records' },
      });
    },
  );

  it('packs 12 texts into requests of at most 5, splits a 12,000-character text, and bills started 1,000s', async () => {
    const fake = createAzureLanguageHandlers({ endpoint, apiKey, gazetteer });
    server.use(...fake.handlers);
    const long = `${'word '.repeat(2000)}Jane Smith ${'more '.repeat(400)}`; // 12,011 characters
    const texts = [long, ...Array.from({ length: 11 }, (_, i) => `Row ${i}: Leeds`)];
    const result = await recognizeNamedEntities(recognizer(), texts);
    const sizes = fake.requests.map(
      (request) =>
        (request.body as { analysisInput: { documents: unknown[] } }).analysisInput.documents.length,
    );
    expect(sizes.every((size) => size <= 5)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3 + 11); // the long text went as 3 pieces
    const person = result.documents[0]!.find((finding) => finding.type === 'person')!;
    expect(long.slice(person.start, person.end)).toBe('Jane Smith');
    expect(result.documents.slice(1).every((found) => found.length === 1)).toBe(true);
    // Pieces of ≤5,120 characters bill 6 + 6 + 2 records; each short row 1.
    expect(result.billing?.quantity).toBe(25);
    const catalogue = defaultPriceCatalogue();
    const entry = catalogue.priceAt({
      provider: 'azure',
      service: 'language',
      sku: 'text-records',
      date: '2026-01-01',
    });
    const priced = priceUsage({
      entry,
      quantity: result.billing!.quantity,
      currency: 'USD',
      date: '2026-01-01',
    });
    // $1.00 per 1,000 records in the first monthly band.
    expect(priced.cost.toString()).toBe('0.025 USD');
  });

  it('refuses a batch over the documented limits without sending it', async () => {
    const fake = createAzureLanguageHandlers({ endpoint, apiKey, gazetteer });
    server.use(...fake.handlers);
    await expect(recognizer().recognize({ texts: Array(6).fill('Leeds') })).rejects.toMatchObject({
      code: 'request_too_large',
    });
    await expect(recognizer().recognize({ texts: ['x'.repeat(5121)] })).rejects.toMatchObject({
      code: 'request_too_large',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('fails the batch with the reason when Azure refuses one document, never dropping it silently', async () => {
    server.use(...createAzureLanguageHandlers({ endpoint, apiKey, gazetteer }).handlers);
    const error = await recognizer()
      .recognize({ texts: ['Leeds'], language: 'xx' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'document_error', retryable: false });
    expect(String((error as Error).message)).toMatch(/document 1: UnsupportedLanguageCode/);
  });

  it('turns a bad key into a non-retryable error with a hint and no key in the message', async () => {
    server.use(...createAzureLanguageHandlers({ endpoint, apiKey, gazetteer }).handlers);
    const error = await recognizer({ apiKey: 'wrong-key-123' })
      .recognize({ texts: ['Leeds'] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'http_401', retryable: false });
    expect(String((error as Error).message)).toMatch(/AZURE_LANGUAGE_KEY/);
    expect(String((error as Error).message)).not.toMatch(/wrong-key-123/);
  });

  it('waits out a 429 with Retry-After and then succeeds', async () => {
    const fake = createAzureLanguageHandlers({
      endpoint,
      apiKey,
      gazetteer,
      throttle: { times: 1, retryAfterSeconds: 1 },
    });
    server.use(...fake.handlers);
    const started = Date.now();
    const { documents } = await recognizer().recognize({ texts: ['Leeds'] });
    expect(documents[0]).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up on a 429 when retries are off, with the Retry-After kept on the error', async () => {
    server.use(
      ...createAzureLanguageHandlers({
        endpoint,
        apiKey,
        gazetteer,
        throttle: { times: 1, retryAfterSeconds: 7 },
      }).handlers,
    );
    const error = await recognizer({ maxRetries: 0 })
      .recognize({ texts: ['Leeds'] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
  });

  it('refuses an unknown setting and a missing endpoint', async () => {
    expect(() => createAzureLanguageRecognizer({ endpont: endpoint } as never)).toThrow(/endpont/);
    await expect(createAzureLanguageRecognizer({ apiKey }).recognize({ texts: ['x'] })).rejects.toThrow(
      /AZURE_LANGUAGE_ENDPOINT/,
    );
  });
});
