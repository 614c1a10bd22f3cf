import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiCallError, ConfigurationError } from '@toex/core';
import { defaultPriceCatalogue } from '@toex/costing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranslationRequest } from '../../spec';
import { createGoogleAdvancedHandlers } from '../../testing/google-translate-handlers';
import { runPipelineStorm, stormTexts } from '../__fixtures__/pipeline-storm';
import { createGoogleAdvancedTranslator, GOOGLE_V3_TRANSLATOR_LIMITS } from './google-advanced-translator';
import type { GoogleAdvancedTranslatorSettings } from './google-settings';

// Wire format: https://cloud.google.com/translate/docs/reference/rest/v3/projects.locations/translateText
// Sign-in: https://developers.google.com/identity/protocols/oauth2/service-account#httprest

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

beforeEach(() => {
  vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', '');
  vi.stubEnv('GOOGLE_CLOUD_PROJECT', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const EMAIL = 'toex-test@evidence-unit.iam.gserviceaccount.com';
const PROJECT = 'evidence-unit';
const serviceAccount = (privateKey = keys.privateKey) => ({
  type: 'service_account',
  project_id: PROJECT,
  private_key_id: 'k1',
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  client_email: EMAIL,
  token_uri: 'https://oauth2.googleapis.com/token',
});

/** A clock both sides share, in epoch milliseconds, moved by tests. */
let clock = Date.UTC(2026, 11, 6, 9, 0, 0);
const now = () => clock;

function translator(settings: GoogleAdvancedTranslatorSettings = {}) {
  return createGoogleAdvancedTranslator({
    credentials: serviceAccount(),
    fetch: globalThis.fetch,
    now,
    ...settings,
  });
}

function fakeGoogle(options: Partial<Parameters<typeof createGoogleAdvancedHandlers>[0]> = {}) {
  const fake = createGoogleAdvancedHandlers({
    serviceAccount: { clientEmail: EMAIL, publicKey: keys.publicKey },
    projectId: PROJECT,
    now,
    ...options,
  });
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

const request: TranslationRequest = { texts: ['Hola', "¿'Dónde' estás?"], from: 'es', to: ['en'] };
const translateUrl = `https://translation.googleapis.com/v3/projects/${PROJECT}/locations/global:translateText`;

describe('createGoogleAdvancedTranslator (v3): identity', () => {
  it('describes itself with v3 limits, its location, and a price in the catalogue', () => {
    const google = translator({ location: 'europe-west1' });
    expect(google).toMatchObject({
      id: 'google-v3',
      apiVersion: 'v3',
      region: 'europe-west1',
      limits: { maxItemsPerRequest: 1_024, maxCharactersPerRequest: 30_000 },
      capabilities: { detectsLanguage: true, multipleTargets: false, glossary: 'none' },
    });
    const { provider, service, sku } = google.billing;
    expect(defaultPriceCatalogue().find({ provider, service, sku, date: '2026-12-01' })).toBeDefined();
  });

  it('refuses misspelt settings and an API key, which v3 does not take', () => {
    expect(() => createGoogleAdvancedTranslator({ apiKey: 'AIza' } as never)).toThrow(ConfigurationError);
    expect(() => createGoogleAdvancedTranslator({ location: 'Europe West' })).toThrow(/location/);
  });
});

describe('createGoogleAdvancedTranslator: service-account sign-in', () => {
  it('signs a JWT the token endpoint verifies, then posts contents with the bearer token', async () => {
    const fake = fakeGoogle();
    const response = await translator({ model: 'general/nmt' }).translate(request);
    const [tokenRequest, translateRequest] = fake.requests;
    expect(tokenRequest?.outcome).toBe('answered');
    expect(translateRequest?.url).toBe(translateUrl);
    expect(translateRequest?.headers.authorization).toBe('Bearer ya29.fake-1');
    expect(translateRequest?.body).toEqual({
      contents: ['Hola', "¿'Dónde' estás?"],
      targetLanguageCode: 'en',
      sourceLanguageCode: 'es',
      mimeType: 'text/plain',
      model: `projects/${PROJECT}/locations/global/models/general/nmt`,
    });
    expect(response.items.map((item) => item.translations.en)).toEqual(['[en] HOLA', "[en] ¿'DÓNDE' ESTÁS?"]);
  });

  it('signs in once for many requests, including concurrent ones', async () => {
    const fake = fakeGoogle();
    const google = translator();
    await Promise.all(Array.from({ length: 5 }, () => google.translate(request)));
    await google.translate(request);
    expect(fake.issuedTokens).toEqual(['ya29.fake-1']);
  });

  it('renews the token five minutes before it expires, never sending an expired one', async () => {
    const fake = fakeGoogle();
    const google = translator();
    await google.translate(request);
    clock += 54 * 60_000;
    await google.translate(request);
    expect(fake.issuedTokens).toHaveLength(1);
    clock += 2 * 60_000; // 56 minutes: inside the margin of a 3,599-second token
    await google.translate(request);
    expect(fake.issuedTokens).toHaveLength(2);
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer ya29.fake-2');
    expect(fake.requests.every((sent) => sent.outcome === 'answered')).toBe(true);
  });

  it('signs in again after Google refuses a token (401)', async () => {
    const fake = fakeGoogle();
    const google = translator();
    await google.translate(request);
    fake.reset(); // the fake forgets the token it issued, as if revoked
    const error = await failure(google.translate(request));
    expect(error).toMatchObject({ statusCode: 401, providerCode: 'UNAUTHENTICATED', retryable: false });
    await google.translate(request);
    expect(fake.requests.at(-1)?.outcome).toBe('answered');
  });

  it('reports a key Google does not know as a final invalid_grant, never quoting the key', async () => {
    fakeGoogle();
    const account = serviceAccount(otherKeys.privateKey);
    const error = await failure(translator({ credentials: account }).translate(request));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 400, providerCode: 'invalid_grant', retryable: false });
    expect((error as Error).message).toContain('Invalid JWT Signature');
    expect((error as Error).message).toContain('clock');
    expect(JSON.stringify(error)).not.toContain('PRIVATE KEY');
  });

  it('reads the key file named by GOOGLE_APPLICATION_CREDENTIALS, and says what is missing', async () => {
    fakeGoogle();
    const keyless = createGoogleAdvancedTranslator({ fetch: globalThis.fetch, now });
    const missing = await failure(keyless.translate(request));
    expect(missing).toMatchObject({ code: 'missing_secret' });
    expect((missing as Error).message).toContain('GOOGLE_APPLICATION_CREDENTIALS');

    const directory = await mkdtemp(join(tmpdir(), 'toex-google-'));
    try {
      const path = join(directory, 'key.json');
      await writeFile(path, JSON.stringify(serviceAccount()));
      vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', path);
      const fromFile = createGoogleAdvancedTranslator({ fetch: globalThis.fetch, now });
      expect((await fromFile.translate(request)).items).toHaveLength(2);
      await writeFile(path, '{"type":"authorized_user","client_secret":"s3cr3t"}');
      const wrongKind = await failure(createGoogleAdvancedTranslator({ now }).translate(request));
      expect(wrongKind).toMatchObject({ code: 'invalid_credentials' });
      expect((wrongKind as Error).message).not.toContain('s3cr3t');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('createGoogleAdvancedTranslator: limits', () => {
  it('sends 1,024 texts in one request; the fake, as Google, refuses 1,025 and over 30,000 code points', async () => {
    const fake = fakeGoogle();
    const texts = Array.from({ length: 1_025 }, (_, index) => `t${index}`);
    expect(
      (await translator().translate({ texts: texts.slice(0, 1_024), to: ['en'], from: 'es' })).items,
    ).toHaveLength(1_024);
    expect(await failure(translator().translate({ texts, to: ['en'], from: 'es' }))).toMatchObject({
      statusCode: 400,
      retryable: false,
    });
    const long = await failure(
      translator().translate({ texts: ['a'.repeat(30_001)], to: ['en'], from: 'es' }),
    );
    expect((long as Error).message).toContain('Text is too long');
    expect(fake.requests.filter((sent) => sent.outcome === 'rejected')).toHaveLength(2);
  });

  it('packed by the pipeline, keeps every request within 1,024 texts and 30,000 code points', async () => {
    const fake = fakeGoogle();
    const texts = Array.from(
      { length: 3_000 },
      (_, index) => `Mensaje número ${index}: ${'ñ'.repeat(index % 40)}`,
    );
    const { result } = await runPipelineStorm(translator(), texts, { from: 'es' });
    expect(result.failedRows).toBe(0);
    const sent = fake.requests.filter((entry) => entry.url === translateUrl);
    expect(sent.length).toBeGreaterThan(3);
    for (const entry of sent) {
      const contents = (entry.body as { contents: string[] }).contents;
      expect(contents.length).toBeLessThanOrEqual(GOOGLE_V3_TRANSLATOR_LIMITS.maxItemsPerRequest);
      expect(contents.reduce((sum, text) => sum + [...text].length, 0)).toBeLessThanOrEqual(30_000);
    }
  });
});

describe('createGoogleAdvancedTranslator: errors and glossaries', () => {
  it('refuses another project as final PERMISSION_DENIED, naming the role to grant', async () => {
    fakeGoogle();
    const error = await failure(translator({ projectId: 'someone-else' }).translate(request));
    expect(error).toMatchObject({ statusCode: 403, retryable: false });
    expect((error as Error).message).toContain('roles/cloudtranslate.user');
  });

  it('treats 429 RESOURCE_EXHAUSTED, 500 and 503 as temporary and a truncated body as final', async () => {
    for (const [faults, expected] of [
      [
        { throttleBursts: [{ fromRequest: 2, count: 1, retryAfterSeconds: 4 }] },
        { statusCode: 429, retryable: true, retryAfterMs: 4_000 },
      ],
      [
        { failureRate: 1, failureKinds: ['http_500'] as const },
        { statusCode: 500, retryable: true },
      ],
      [
        { failureRate: 1, failureKinds: ['http_503'] as const },
        { statusCode: 503, retryable: true },
      ],
      [{ malformedRate: 1 }, { code: 'invalid_response', retryable: false }],
    ] as const) {
      server.resetHandlers();
      fakeGoogle({ faults });
      expect(await failure(translator().translate(request))).toMatchObject(expected);
    }
  });

  it('applies a Google glossary by its full name and reads glossaryTranslations', async () => {
    const name = `projects/${PROJECT}/locations/us-central1/glossaries/street-names`;
    const fake = fakeGoogle({ glossaries: { [name]: { HOLA: 'Hi' } } });
    const google = translator({ location: 'us-central1', glossaryId: 'street-names' });
    const response = await google.translate(request);
    expect(fake.requests.at(-1)?.body).toMatchObject({ glossaryConfig: { glossary: name } });
    expect(response.items[0]?.translations.en).toBe('[en] Hi');
    expect(response.warnings).toEqual([]);
  });

  it('says, as typed warnings, when a glossary cannot be applied, and sends without it', async () => {
    const fake = fakeGoogle();
    const google = translator({ glossaryId: 'street-names' });
    const response = await google.translate({
      texts: ['Hola'],
      to: ['en'],
      glossary: { id: 'g', entries: [{ term: 'Mo', translation: 'Mo' }] },
    });
    expect(response.warnings.map((warning) => warning.type)).toEqual(['unsupported', 'unsupported']);
    expect(fake.requests.at(-1)?.body).not.toHaveProperty('glossaryConfig');
    expect(response.items[0]?.detectedLanguage).toEqual({ language: 'es' });
  });

  it('reports a glossary Google does not have as final NOT_FOUND', async () => {
    fakeGoogle();
    const error = await failure(translator({ glossaryId: 'gone' }).translate(request));
    expect(error).toMatchObject({ statusCode: 404, providerCode: 'NOT_FOUND', retryable: false });
  });
});

describe('createGoogleAdvancedTranslator through the pipeline', () => {
  it('loses no text through a 429 storm with 5xx and resets, signing in once', async () => {
    const fake = fakeGoogle({
      faults: {
        failureRate: 0.15,
        seed: 4,
        throttleBursts: [
          { fromRequest: 3, count: 4 },
          { fromRequest: 12, count: 2, retryAfterSeconds: 2 },
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
    expect(result.texts.map((text) => text.translations.en ?? '')).toEqual(
      texts.map((text) => (text === '' ? '' : `[en] ${text.toUpperCase()}`)),
    );
    expect(retries.filter((event) => event.code === 'http_429')).toHaveLength(6);
    expect(fake.issuedTokens).toHaveLength(1);
    const unique = new Set(texts.filter((text) => text !== ''));
    const answered = fake.requests.filter((sent) => sent.outcome === 'answered' && sent.url === translateUrl);
    expect(answered.flatMap((sent) => (sent.body as { contents: string[] }).contents).sort()).toEqual(
      [...unique].sort(),
    );
  });
});
