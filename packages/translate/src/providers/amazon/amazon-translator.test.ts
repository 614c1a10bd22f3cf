import { ApiCallError, ConfigurationError } from '@toex/core';
import { defaultPriceCatalogue } from '@toex/costing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranslationRequest } from '../../spec';
import { createAmazonTranslateHandlers } from '../../testing/amazon-translate-handlers';
import { runPipelineStorm, stormTexts } from '../__fixtures__/pipeline-storm';
import { AMAZON_MAX_TEXT_BYTES, createAmazonTranslator } from './amazon-translator';

// Wire format: https://docs.aws.amazon.com/translate/latest/APIReference/API_TranslateText.html
// Signing: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

beforeEach(() => {
  for (const name of [
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
  ]) {
    vi.stubEnv(name, '');
  }
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function translator(settings: Parameters<typeof createAmazonTranslator>[0] = {}) {
  return createAmazonTranslator({
    region: 'eu-west-2',
    ...credentials,
    fetch: globalThis.fetch,
    ...settings,
  });
}

function fakeAmazon(options: Partial<Parameters<typeof createAmazonTranslateHandlers>[0]> = {}) {
  const fake = createAmazonTranslateHandlers({ credentials, ...options });
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

const request: TranslationRequest = { texts: ['¿Dónde estás?'], from: 'es', to: ['en'] };

describe('createAmazonTranslator: identity', () => {
  it('takes one text a call, leaves detection to toex, and has a price in the catalogue', () => {
    const amazon = translator();
    expect(amazon).toMatchObject({
      id: 'amazon',
      endpoint: 'https://translate.eu-west-2.amazonaws.com',
      region: 'eu-west-2',
      limits: { maxItemsPerRequest: 1, maxBytesPerRequest: 10_000 },
      capabilities: { detectsLanguage: false, multipleTargets: false, glossary: 'none' },
    });
    // The longest text the packer sends is never over 10,000 UTF-8 bytes, whatever its script.
    expect(3 * amazon.limits.maxCharactersPerItem!).toBeLessThanOrEqual(AMAZON_MAX_TEXT_BYTES);
    const { provider, service, sku } = amazon.billing;
    expect(defaultPriceCatalogue().find({ provider, service, sku, date: '2026-12-01' })).toBeDefined();
  });

  it('refuses a malformed region and misspelt settings', () => {
    expect(() => translator({ region: 'London' })).toThrow(ConfigurationError);
    expect(() => createAmazonTranslator({ accessKey: 'x' } as never)).toThrow(/unknown option "accessKey"/);
  });
});

describe('createAmazonTranslator: wire format and signing', () => {
  it('posts a SigV4-signed JSON 1.1 TranslateText the fake verifies independently', async () => {
    const fake = fakeAmazon({ terminologies: { 'case-terms': { DÓNDE: 'WHERE-TERM' } } });
    const response = await translator({ terminologyName: 'case-terms', formality: 'INFORMAL' }).translate(
      request,
    );
    const sent = fake.requests[0]!;
    expect(sent.outcome).toBe('answered');
    expect(sent.body).toEqual({
      Text: '¿Dónde estás?',
      SourceLanguageCode: 'es',
      TargetLanguageCode: 'en',
      TerminologyNames: ['case-terms'],
      Settings: { Formality: 'INFORMAL' },
    });
    expect(sent.headers['x-amz-target']).toBe('AWSShineFrontendService_20170701.TranslateText');
    expect(sent.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-2\/translate\/aws4_request/,
    );
    expect(response.items[0]?.translations.en).toBe('[en] ¿WHERE-TERM ESTÁS?');
  });

  it('signs the session token of temporary credentials', async () => {
    const fake = fakeAmazon();
    await translator({ sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' }).translate(request);
    expect(fake.requests[0]?.headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLETOKEN');
    expect(fake.requests[0]?.headers.authorization).toContain('x-amz-security-token');
    expect(fake.requests[0]?.outcome).toBe('answered');
  });

  it('reads keys and region from the AWS environment variables, and names them when missing', async () => {
    fakeAmazon();
    const bare = createAmazonTranslator({ fetch: globalThis.fetch });
    expect(await failure(bare.translate(request))).toMatchObject({ setting: 'AWS_REGION' });
    vi.stubEnv('AWS_REGION', 'eu-west-2');
    expect(await failure(bare.translate(request))).toMatchObject({
      code: 'missing_secret',
      setting: 'AWS_ACCESS_KEY_ID',
    });
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    expect((await bare.translate(request)).items).toHaveLength(1);
  });

  it('refuses, before sending, a text over 10,000 UTF-8 bytes and a batch', async () => {
    const fake = fakeAmazon();
    const long = await failure(
      translator().translate({ texts: ['ж'.repeat(5_001)], from: 'ru', to: ['en'] }),
    );
    expect(long).toMatchObject({ code: 'request_too_large', retryable: false });
    await expect(translator().translate({ texts: ['a', 'b'], from: 'es', to: ['en'] })).rejects.toThrow(
      /one text/,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('says, as a typed warning, that a toex glossary was not sent', async () => {
    fakeAmazon();
    const response = await translator().translate({
      ...request,
      glossary: { id: 'g', entries: [{ term: 'a', translation: 'b' }] },
    });
    expect(response.warnings).toEqual([expect.objectContaining({ type: 'unsupported' })]);
  });
});

describe('createAmazonTranslator: errors', () => {
  it('reports a wrong secret as a final InvalidSignatureException, never showing the secret', async () => {
    fakeAmazon();
    const error = await failure(
      translator({ secretAccessKey: 'not-the-secret-0123456789' }).translate(request),
    );
    expect(error).toMatchObject({
      statusCode: 403,
      providerCode: 'InvalidSignatureException',
      retryable: false,
    });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(
      'not-the-secret-0123456789',
    );
  });

  it.each([
    [{ accessKeyId: 'AKIAUNKNOWN000000000' }, 'UnrecognizedClientException', false],
    [{ terminologyName: 'missing' }, 'ResourceNotFoundException', false],
  ])('maps %o to %s', async (settings, code, retryable) => {
    fakeAmazon();
    const error = await failure(translator(settings).translate(request));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 400, providerCode: code, retryable });
  });

  it('maps an unsupported pair as final, and throttling, 500 and 503 as temporary', async () => {
    fakeAmazon();
    expect(await failure(translator().translate({ ...request, from: 'en' }))).toMatchObject({
      providerCode: 'UnsupportedLanguagePairException',
      retryable: false,
    });
    for (const [faults, expected] of [
      [
        { throttleBursts: [{ fromRequest: 1, count: 1 }] },
        { statusCode: 400, providerCode: 'TooManyRequestsException', retryable: true },
      ],
      [
        { failureRate: 1, failureKinds: ['http_500'] as const },
        { statusCode: 500, providerCode: 'InternalServerException', retryable: true },
      ],
      [
        { failureRate: 1, failureKinds: ['http_503'] as const },
        { statusCode: 503, providerCode: 'ServiceUnavailableException', retryable: true },
      ],
      [{ malformedRate: 1 }, { code: 'invalid_response', retryable: false }],
    ] as const) {
      server.resetHandlers();
      fakeAmazon({ faults });
      expect(await failure(translator().translate(request))).toMatchObject(expected);
    }
  });
});

describe('createAmazonTranslator through the pipeline', () => {
  it('loses no text through a storm of TooManyRequestsException, 5xx and resets, one text a call', async () => {
    const fake = fakeAmazon({
      faults: {
        failureRate: 0.1,
        seed: 7,
        throttleBursts: [
          { fromRequest: 3, count: 4 },
          { fromRequest: 40, count: 2 },
        ],
      },
    });
    const texts = stormTexts(300);
    const { result, retries } = await runPipelineStorm(translator(), texts, { from: 'es' });
    expect(result.failedRows).toBe(0);
    expect(result.texts.map((text) => text.translations.en ?? '')).toEqual(
      texts.map((text) => (text === '' ? '' : `[en] ${text.toUpperCase()}`)),
    );
    expect(retries.filter((event) => event.code === 'http_400')).toHaveLength(6);
    const answered = fake.requests.filter((sent) => sent.outcome === 'answered');
    const unique = new Set(texts.filter((text) => text !== ''));
    expect(answered.map((sent) => (sent.body as { Text: string }).Text).sort()).toEqual([...unique].sort());
    expect(result.billedCharacters).toBe(fake.billedCharacters());
  });

  it('splits a long message below 10,000 bytes and rejoins it', async () => {
    const fake = fakeAmazon();
    const long = `${'Это очень длинное сообщение. '.repeat(400)}Конец.`;
    const { result } = await runPipelineStorm(translator(), [long], { from: 'ru' });
    expect(result.failedRows).toBe(0);
    expect(fake.requests.length).toBeGreaterThan(1);
    for (const sent of fake.requests) {
      expect(Buffer.byteLength((sent.body as { Text: string }).Text)).toBeLessThanOrEqual(10_000);
    }
  });
});
