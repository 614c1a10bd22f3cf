import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../errors/api-call-error';
import { loadSecret } from './load-secret';
import { redactDeep } from './redact-deep';
import { redactHeaders } from './redact-headers';
import { REDACTED, redactSecrets } from './redact-secrets';
import { redactUrl } from './redact-url';
import { registerSecret } from './secret-registry';

describe('redactSecrets', () => {
  it('removes a registered secret, also in URL-encoded and JSON-escaped form', () => {
    const secret = 'k3y/with+special"chars';
    registerSecret(secret);
    const text = `raw ${secret} encoded ${encodeURIComponent(secret)} json ${JSON.stringify({ s: secret })}`;
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain('k3y');
    expect(redacted.match(/\[REDACTED\]/g)).toHaveLength(3);
  });

  it.each([
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def', 'Authorization: Bearer [REDACTED]'],
    ['authorization=Basic dXNlcjpwYXNzd29yZA==', 'authorization=Basic [REDACTED]'],
    ['Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef', 'Ocp-Apim-Subscription-Key: [REDACTED]'],
    ['{"ocp-apim-subscription-key":"abcdef0123456789"}', '{"ocp-apim-subscription-key":"[REDACTED]"}'],
    [
      'sent DeepL-Auth-Key 1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d:fx to DeepL',
      'sent DeepL-Auth-Key [REDACTED] to DeepL',
    ],
    ['api-key: sk-abcdefghijklmnop', 'api-key: [REDACTED]'],
    ['GET /v2?key=AIzaSyA-secret-value&q=hola', 'GET /v2?key=[REDACTED]&q=hola'],
    ['?subscription-key=abc123def&to=de', '?subscription-key=[REDACTED]&to=de'],
    ['https://x.test/a?token=tok_123456&sig=abcdef', 'https://x.test/a?token=[REDACTED]&sig=[REDACTED]'],
    [
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261120/eu-west-2/translate/aws4_request, SignedHeaders=host, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
      'AWS4-HMAC-SHA256 Credential=[REDACTED], SignedHeaders=host, Signature=[REDACTED]',
    ],
    ['access key AKIAIOSFODNN7EXAMPLE leaked', 'access key [REDACTED] leaked'],
    ['{"apiKey":"s3cr3t-value","text":"hola"}', '{"apiKey":"[REDACTED]","text":"hola"}'],
  ])('redacts %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary text, including evidence, untouched', () => {
    const text = 'The monkey=3 bananas; the bearer of the key met Dr. Khan at 10:00. Translation: "hola"';
    expect(redactSecrets(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redactSecrets('Authorization: Bearer abcdefghijkl ?key=abc DeepL-Auth-Key zzzzzzzzzz');
    expect(redactSecrets(once)).toBe(once);
  });
});

describe('redactHeaders', () => {
  it('keeps allow-listed headers and redacts every other value', () => {
    const redacted = redactHeaders(
      new Headers({
        'Content-Type': 'application/json',
        'Retry-After': '10',
        'X-RequestId': 'abc-123',
        'X-Metered-Usage': '42',
        'X-RateLimit-Remaining': '7',
        'Ocp-Apim-Subscription-Key': 'super-secret-key',
        'X-Vendor-Session': 'opaque-session-token',
        'Set-Cookie': 'session=1',
      }),
    );
    expect(redacted).toEqual({
      'content-type': 'application/json',
      'retry-after': '10',
      'x-requestid': 'abc-123',
      'x-metered-usage': '42',
      'x-ratelimit-remaining': '7',
      'ocp-apim-subscription-key': REDACTED,
      'x-vendor-session': REDACTED,
      'set-cookie': REDACTED,
    });
  });

  it('accepts records and strips query strings from URL-valued headers', () => {
    expect(
      redactHeaders({
        Location: 'https://blob.example.test/result.json?sv=2024&sig=abcdef',
        'Content-Length': 12,
        Authorization: 'Bearer x',
        Absent: undefined,
      }),
    ).toEqual({
      location: `https://blob.example.test/result.json?sv=${REDACTED}&sig=${REDACTED}`,
      'content-length': '12',
      authorization: REDACTED,
    });
  });
});

describe('redactUrl', () => {
  it('keeps allow-listed query values and redacts the rest, including evidence text', () => {
    expect(
      redactUrl(
        'https://api.cognitive.microsofttranslator.com/translate?api-version=3.0&to=en&to=de&from=es',
      ),
    ).toBe('https://api.cognitive.microsofttranslator.com/translate?api-version=3.0&to=en&to=de&from=es');
    expect(
      redactUrl(
        'https://translation.googleapis.com/language/translate/v2?key=AIzaSecret&q=droga%20en%20casa&target=en',
      ),
    ).toBe(
      `https://translation.googleapis.com/language/translate/v2?key=${REDACTED}&q=${REDACTED}&target=en`,
    );
  });

  it('redacts user info and fragments', () => {
    expect(redactUrl('https://user:pa55word@example.test/path#access_token=abc')).toBe(
      `https://${REDACTED}@example.test/path#${REDACTED}`,
    );
  });

  it('still redacts query values of text that is not a valid URL', () => {
    expect(redactUrl('/relative/path?api-version=3.0&key=abc')).toBe(
      `/relative/path?api-version=3.0&key=${REDACTED}`,
    );
  });
});

describe('redactDeep', () => {
  it('redacts credential-named fields and registered secrets anywhere, without touching the input', () => {
    registerSecret('manifest-secret-9876');
    const manifest = {
      provider: { name: 'azure', apiKey: 'plain-key-value', headers: { Authorization: 'Bearer zzz' } },
      requests: [
        { url: 'https://x.test/?subscription-key=manifest-secret-9876', note: 'used manifest-secret-9876' },
      ],
      hash: { key: 'sha256:abc', token: 'London' },
      count: 3,
      when: new Date(0),
    };
    const redacted = redactDeep(manifest);
    expect(JSON.stringify(redacted)).not.toContain('manifest-secret-9876');
    expect(JSON.stringify(redacted)).not.toContain('plain-key-value');
    expect(redacted.provider.apiKey).toBe(REDACTED);
    expect(redacted.provider.headers.Authorization).toBe(REDACTED);
    // Content hashes and linguistic tokens are evidence, not credentials.
    expect(redacted.hash).toEqual({ key: 'sha256:abc', token: 'London' });
    expect(redacted.count).toBe(3);
    expect(redacted.when).toBe(manifest.when);
    expect(manifest.provider.apiKey).toBe('plain-key-value');
  });

  it('copes with cycles', () => {
    const node: { name: string; self?: unknown } = { name: 'Bearer abcdefghijklmnop' };
    node.self = node;
    const redacted = redactDeep(node);
    expect(redacted.name).toBe(`Bearer ${REDACTED}`);
    expect(redacted.self).toBe(redacted);
  });
});

describe('a secret loaded from the environment', () => {
  it('never appears in an ApiCallError message, URL, headers or body, nor in a manifest', () => {
    const secret = 'env-loaded-key-5f2a9c7e';
    const env = { AZURE_TRANSLATOR_KEY: secret };
    const key = loadSecret({
      environmentVariable: 'AZURE_TRANSLATOR_KEY',
      description: 'Azure Translator key',
      env,
    });
    expect(key).toBe(secret);

    const error = new ApiCallError({
      method: 'POST',
      url: `https://api.example.test/translate?api-version=3.0&Subscription-Key=${secret}`,
      statusCode: 401,
      providerCode: '401000',
      providerMessage: `Invalid key ${secret}`,
      responseHeaders: { 'x-echo-key': secret, 'content-type': `text/plain; ${secret}` },
      responseBody: JSON.stringify({ error: { message: `key ${secret} is not valid` } }),
    });
    const everything = [
      error.message,
      error.url,
      JSON.stringify(error.responseHeaders),
      error.responseBody,
      error.providerMessage,
      JSON.stringify(error),
      String(error.stack),
    ].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(secret.slice(0, 12));

    const manifest = redactDeep({
      job: {
        endpoint: `https://x.test/?k=${secret}`,
        errors: [{ message: error.message, detail: `used ${secret}` }],
      },
    });
    expect(JSON.stringify(manifest)).not.toContain(secret);
  });
});
