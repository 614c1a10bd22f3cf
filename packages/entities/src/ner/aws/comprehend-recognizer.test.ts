import { defaultPriceCatalogue, priceUsage } from '@toex/costing';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createComprehendHandlers } from '../../testing/comprehend-handlers';
import { recognizeNamedEntities } from '../recognize-named-entities';
import { codePointToUtf16Offsets } from './code-point-offsets';
import { COMPREHEND_METERING, comprehendUnits, createComprehendRecognizer } from './comprehend-recognizer';

const credentials = { accessKeyId: 'AKIDTESTKEY', secretAccessKey: 'test-secret-key' };
const gazetteer = {
  'Jane Smith': 'PERSON',
  Leeds: 'LOCATION',
  'Acme Haulage': 'ORGANIZATION',
  Tuesday: 'DATE',
};
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const recognizer = (extra: Parameters<typeof createComprehendRecognizer>[0] = {}) =>
  createComprehendRecognizer({ region: 'eu-west-2', ...credentials, fetch: globalThis.fetch, ...extra });

describe('createComprehendRecognizer', () => {
  it('signs the request and converts code-point offsets after emoji and astral CJK to UTF-16', async () => {
    const fake = createComprehendHandlers({ credentials, gazetteer });
    server.use(...fake.handlers);
    const text = '😀 𠀀𠀀 Jane Smith met 👍🏽 in Leeds on Tuesday for Acme Haulage.';
    const { documents, billing } = await recognizer().recognize({ texts: [text] });
    expect(documents[0]!.map((finding) => [finding.type, text.slice(finding.start, finding.end)])).toEqual([
      ['person', 'Jane Smith'],
      ['location', 'Leeds'],
      ['organisation', 'Acme Haulage'],
    ]);
    expect(fake.requests[0]!.body).toEqual({ Text: text, LanguageCode: 'en' });
    // Minimum 3 units a request, priced under the catalogue's Comprehend entry.
    expect(billing).toEqual({
      unit: 'comprehend-unit',
      quantity: 3,
      priceKey: { provider: 'amazon', service: 'comprehend', sku: 'detect-entities' },
    });
  });

  it('also accepts UTF-16 offsets, should Comprehend count code units, since only they slice back', async () => {
    server.use(...createComprehendHandlers({ credentials, gazetteer, offsets: 'utf16' }).handlers);
    const text = '😀😀😀 Jane Smith in Leeds';
    const { documents } = await recognizer().recognize({ texts: [text] });
    expect(documents[0]!.map((finding) => text.slice(finding.start, finding.end))).toEqual([
      'Jane Smith',
      'Leeds',
    ]);
  });

  it('bills 100-character units with a minimum of 3 a request', () => {
    expect(comprehendUnits('x'.repeat(250))).toBe(3);
    expect(comprehendUnits('x'.repeat(301))).toBe(4);
    expect(comprehendUnits('😀'.repeat(400))).toBe(4); // 400 characters, 800 UTF-16 units
  });

  it('counts units by the rule of the catalogue entry it is priced under', () => {
    const entry = defaultPriceCatalogue().find({
      provider: 'amazon',
      service: 'comprehend',
      sku: 'detect-entities',
    });
    expect(entry?.metering).toEqual({ kind: 'text-records', ...COMPREHEND_METERING });
    // 1,000 requests of 250 characters: 3,000 units at $0.0001.
    const priced = priceUsage({
      entry: entry!,
      quantity: 1000 * comprehendUnits('x'.repeat(250)),
      currency: 'USD',
    });
    expect(priced.cost.amount.toString()).toBe('0.3');
  });

  it('sends texts one by one and splits a text over 100 KB of UTF-8', async () => {
    const fake = createComprehendHandlers({ credentials, gazetteer });
    server.use(...fake.handlers);
    const long = `${'日本語 '.repeat(12_000)}Leeds`; // 48,005 code units, about 120 KB of UTF-8
    const result = await recognizeNamedEntities(recognizer(), ['Jane Smith', long]);
    expect(fake.requests.length).toBe(3);
    for (const request of fake.requests) {
      expect(Buffer.byteLength((request.body as { Text: string }).Text, 'utf8')).toBeLessThanOrEqual(100_000);
    }
    const leeds = result.documents[1]![0]!;
    expect(long.slice(leeds.start, leeds.end)).toBe('Leeds');
  });

  it('refuses a text over 100 KB without sending it', async () => {
    const fake = createComprehendHandlers({ credentials, gazetteer });
    server.use(...fake.handlers);
    await expect(recognizer().recognize({ texts: ['é'.repeat(50_001)] })).rejects.toMatchObject({
      code: 'request_too_large',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('reports a wrong secret as a signature error with a hint, never echoing the secret', async () => {
    server.use(...createComprehendHandlers({ credentials, gazetteer }).handlers);
    const error = await recognizer({ secretAccessKey: 'wrong-secret-xyz' })
      .recognize({ texts: ['Leeds'] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ providerCode: 'InvalidSignatureException', retryable: false });
    expect(String((error as Error).message)).toMatch(/AWS_SECRET_ACCESS_KEY/);
    expect(String((error as Error).message)).not.toMatch(/wrong-secret-xyz/);
  });

  it('reports an unsupported language', async () => {
    server.use(...createComprehendHandlers({ credentials, gazetteer }).handlers);
    await expect(recognizer().recognize({ texts: ['Leeds'], language: 'cy' })).rejects.toMatchObject({
      providerCode: 'UnsupportedLanguageException',
      retryable: false,
    });
  });

  it('retries a ThrottlingException after Retry-After, signing again', async () => {
    const fake = createComprehendHandlers({
      credentials,
      gazetteer,
      throttle: { times: 1, retryAfterSeconds: 1 },
    });
    server.use(...fake.handlers);
    const { documents } = await recognizer().recognize({ texts: ['Leeds'] });
    expect(documents[0]).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
  });

  it('keeps Retry-After on the error when retries are off', async () => {
    server.use(
      ...createComprehendHandlers({ credentials, gazetteer, throttle: { times: 1, retryAfterSeconds: 9 } })
        .handlers,
    );
    await expect(recognizer({ maxRetries: 0 }).recognize({ texts: ['Leeds'] })).rejects.toMatchObject({
      providerCode: 'ThrottlingException',
      retryable: true,
      retryAfterMs: 9_000,
    });
  });
});

describe('codePointToUtf16Offsets', () => {
  it('maps every code-point boundary to the UTF-16 boundary of the same character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const toUtf16 = codePointToUtf16Offsets(text);
        const characters = [...text];
        for (let index = 0; index <= characters.length; index++) {
          expect(toUtf16(index)).toBe(characters.slice(0, index).join('').length);
        }
      }),
    );
  });
});
