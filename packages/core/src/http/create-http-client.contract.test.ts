import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiCallError } from '../errors/api-call-error';
import { ConfigurationError } from '../errors/configuration-error';
import type { LogFields, Logger } from '../logging/logger';
import { retry } from '../retry/retry';
import { registerSecret } from '../secrets/secret-registry';
import { createHttpClient } from './create-http-client';
import type { HttpClientOptions } from './http-client';
import type { ErrorParser } from './parse-common-error-body';
import { toexUserAgent } from './toex-user-agent';

// HTTP contract through msw, which patches globalThis.fetch only: the client is given a fetch
// that reads the global at call time.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const endpoint = 'https://api.translator.example.test/translate?api-version=3.0&to=en';
const translationSchema = z.array(
  z.object({ translations: z.array(z.object({ text: z.string(), to: z.string() })) }),
);

function client(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    userAgent: toexUserAgent('@toex/translate', '0.1.0'),
    fetch: (input, init) => globalThis.fetch(input, init),
    logger: silentTestLogger(),
    ...overrides,
  });
}

function silentTestLogger(
  records: Array<{ level: string; message: string; fields?: LogFields }> = [],
): Logger {
  const record = (level: string) => (message: string, fields?: LogFields) => {
    records.push({ level, message, fields });
  };
  return { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

// Azure Translator's error shape: {"error":{"code":429001,"message":"…"}}
const azureErrorParser: ErrorParser = (_status, bodyText) => {
  const parsed = z
    .object({ error: z.object({ code: z.number(), message: z.string() }) })
    .safeParse(JSON.parse(bodyText));
  return parsed.success
    ? { providerCode: String(parsed.data.error.code), message: parsed.data.error.message }
    : undefined;
};

describe('createHttpClient over msw', () => {
  it('posts JSON, sends the toex user agent, and returns the validated body with headers and request id', async () => {
    let seen:
      | { userAgent: string | null; contentType: string | null; key: string | null; body: unknown }
      | undefined;
    server.use(
      http.post('https://api.translator.example.test/translate', async ({ request }) => {
        seen = {
          userAgent: request.headers.get('user-agent'),
          contentType: request.headers.get('content-type'),
          key: request.headers.get('ocp-apim-subscription-key'),
          body: await request.json(),
        };
        return HttpResponse.json([{ translations: [{ text: 'Hello', to: 'en' }] }], {
          headers: { 'X-RequestId': 'req-1', 'X-Metered-Usage': '4' },
        });
      }),
    );
    const response = await client({
      headers: () => ({ 'Ocp-Apim-Subscription-Key': 'lazy-key-123456' }),
    }).postJson({
      url: endpoint,
      body: [{ Text: 'Hola' }],
      responseSchema: translationSchema,
    });
    expect(response.value[0]?.translations[0]?.text).toBe('Hello');
    expect(response.statusCode).toBe(200);
    expect(response.requestId).toBe('req-1');
    expect(response.headers.get('x-metered-usage')).toBe('4');
    expect(seen).toEqual({
      userAgent: 'toex/translate/0.1.0',
      contentType: 'application/json',
      key: 'lazy-key-123456',
      body: [{ Text: 'Hola' }],
    });
  });

  it('turns a body that is not JSON into a non-retryable invalid_response error', async () => {
    server.use(
      http.post('https://api.translator.example.test/translate', () =>
        HttpResponse.text('<html>gateway says hi</html>', { headers: { 'content-type': 'text/html' } }),
      ),
    );
    const error = await failure(
      client().postJson({ url: endpoint, body: [], responseSchema: translationSchema }),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false, statusCode: 200 });
    expect((error as Error).message).toContain('not valid JSON (content-type text/html)');
    expect((error as Error).message).not.toContain('gateway says hi');
  });

  it('turns a schema mismatch into invalid_response naming the issue path', async () => {
    server.use(
      http.post('https://api.translator.example.test/translate', () =>
        HttpResponse.json([{ translations: [{ txt: 'Hello', to: 'en' }] }], {
          headers: { 'x-requestid': 'req-2' },
        }),
      ),
    );
    const error = await failure(
      client().postJson({ url: endpoint, body: [], responseSchema: translationSchema }),
    );
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false, requestId: 'req-2' });
    expect((error as Error).message).toContain('[0].translations[0].text');
  });

  it('refuses JSON with a __proto__ key instead of returning a polluting object', async () => {
    server.use(
      http.post('https://api.translator.example.test/translate', () =>
        HttpResponse.text('{"a":1,"__proto__":{"polluted":true}}', {
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    const error = await failure(
      client().postJson({ url: endpoint, body: [], responseSchema: z.looseObject({}) }),
    );
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect((error as Error).message).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses the provider error body and honours Retry-After on a 429', async () => {
    server.use(
      http.post('https://api.translator.example.test/translate', () =>
        HttpResponse.json(
          {
            error: {
              code: 429001,
              message: 'The server rejected the request because the client has exceeded request limits.',
            },
          },
          { status: 429, headers: { 'Retry-After': '12', 'X-RequestId': 'abc' } },
        ),
      ),
    );
    const error = await failure(
      client().postJson({
        url: endpoint,
        body: [],
        responseSchema: translationSchema,
        errorParser: azureErrorParser,
        hint: 'Retrying later or lowering --chars-per-minute helps.',
      }),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'http_429',
      statusCode: 429,
      providerCode: '429001',
      requestId: 'abc',
      retryable: true,
      retryAfterMs: 12_000,
    });
    expect((error as Error).message).toBe(
      'POST https://api.translator.example.test/translate?api-version=3.0&to=en failed with HTTP 429 ' +
        '(429001: The server rejected the request because the client has exceeded request limits.), ' +
        'request id abc. Retrying later or lowering --chars-per-minute helps.',
    );
  });

  it('feeds Retry-After through to the retry loop, which waits that long and then succeeds', async () => {
    let calls = 0;
    server.use(
      http.post('https://api.translator.example.test/translate', () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(
              { error: { code: 429001, message: 'slow down' } },
              { status: 429, headers: { 'retry-after': '2' } },
            )
          : HttpResponse.json([{ translations: [{ text: 'Hello', to: 'en' }] }]);
      }),
    );
    const translator = client();
    const waits: number[] = [];
    const response = await retry(
      (_attempt, signal) =>
        translator.postJson({ url: endpoint, body: [], signal, responseSchema: translationSchema }),
      {
        sleep: async (delayMs) => {
          waits.push(delayMs);
        },
      },
    );
    expect(response.value[0]?.translations[0]?.text).toBe('Hello');
    expect(waits).toEqual([2000]);
    expect(calls).toBe(2);
  });

  it('reads common error shapes without a provider parser, and lets a parser override retryability', async () => {
    server.use(
      http.post('https://api.translator.example.test/translate', () =>
        HttpResponse.json({ message: 'Quota Exceeded' }, { status: 456 }),
      ),
    );
    const plain = await failure(
      client().postJson({ url: endpoint, body: [], responseSchema: translationSchema }),
    );
    expect(plain).toMatchObject({ code: 'http_456', providerMessage: 'Quota Exceeded', retryable: false });

    server.use(
      http.post('https://api.translator.example.test/translate', () =>
        HttpResponse.json({ error: { code: 429002, message: 'monthly quota used up' } }, { status: 429 }),
      ),
    );
    const quota = await failure(
      client().postJson({
        url: endpoint,
        body: [],
        responseSchema: translationSchema,
        errorParser: (status, body, headers) => ({
          ...azureErrorParser(status, body, headers),
          retryable: false,
        }),
      }),
    );
    expect(quota).toMatchObject({ code: 'http_429', providerCode: '429002', retryable: false });
  });

  it('marks 501 as not retryable and 503 as retryable', async () => {
    server.use(
      http.get(
        'https://api.translator.example.test/languages',
        () => new HttpResponse('no', { status: 501 }),
      ),
    );
    const notImplemented = await failure(
      client().getJson({ url: 'https://api.translator.example.test/languages', responseSchema: z.unknown() }),
    );
    expect(notImplemented).toMatchObject({ code: 'http_501', retryable: false });

    server.use(
      http.get(
        'https://api.translator.example.test/languages',
        () => new HttpResponse('busy', { status: 503 }),
      ),
    );
    const unavailable = await failure(
      client().getJson({ url: 'https://api.translator.example.test/languages', responseSchema: z.unknown() }),
    );
    expect(unavailable).toMatchObject({ code: 'http_503', retryable: true, responseBody: 'busy' });
  });

  it('does not follow redirects, so the key is never sent to another host', async () => {
    let redirectedTargetHit = false;
    server.use(
      http.get('https://api.translator.example.test/languages', () =>
        HttpResponse.redirect('https://elsewhere.example.test/collect?token=t0ps3cret', 307),
      ),
      http.get('https://elsewhere.example.test/collect', () => {
        redirectedTargetHit = true;
        return HttpResponse.json({});
      }),
    );
    const error = await failure(
      client({ headers: { 'Ocp-Apim-Subscription-Key': 'never-forwarded-key' } }).getJson({
        url: 'https://api.translator.example.test/languages',
        responseSchema: z.unknown(),
      }),
    );
    expect(redirectedTargetHit).toBe(false);
    expect(error).toMatchObject({ code: 'http_307', retryable: false });
    expect((error as Error).message).toContain('does not follow redirects');
    expect((error as Error).message).not.toContain('t0ps3cret');
  });

  it('refuses plain http:// to a non-loopback host before sending anything', async () => {
    let hit = false;
    server.use(
      http.post('http://api.translator.example.test/translate', () => {
        hit = true;
        return HttpResponse.json([]);
      }),
    );
    const error = await failure(
      client().postJson({
        url: 'http://api.translator.example.test/translate',
        body: [],
        responseSchema: z.unknown(),
      }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'insecure_endpoint' });
    expect(hit).toBe(false);
  });

  it('allows plain http:// to 127.0.0.1, and elsewhere only with allowInsecureHttp', async () => {
    server.use(
      http.post('http://127.0.0.1:5000/translate', () => HttpResponse.json({ translatedText: 'hello' })),
      http.post('http://libretranslate.lan/translate', () => HttpResponse.json({ translatedText: 'hi' })),
    );
    const schema = z.object({ translatedText: z.string() });
    const local = await client().postForm({
      url: 'http://127.0.0.1:5000/translate',
      body: { q: 'hola', source: 'es', target: 'en' },
      responseSchema: schema,
    });
    expect(local.value.translatedText).toBe('hello');
    const lan = await client({ allowInsecureHttp: true }).postJson({
      url: 'http://libretranslate.lan/translate',
      body: {},
      responseSchema: schema,
    });
    expect(lan.value.translatedText).toBe('hi');
  });

  it('sends form fields url-encoded, repeating array fields', async () => {
    let received: { contentType: string | null; body: string } | undefined;
    server.use(
      http.post('https://api.deepl.example.test/v2/translate', async ({ request }) => {
        received = { contentType: request.headers.get('content-type'), body: await request.text() };
        return HttpResponse.json({ translations: [] });
      }),
    );
    await client().postForm({
      url: 'https://api.deepl.example.test/v2/translate',
      body: { text: ['¿Dónde?', 'a&b'], target_lang: 'EN', glossary_id: undefined },
      responseSchema: z.unknown(),
    });
    expect(received?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(new URLSearchParams(received?.body).getAll('text')).toEqual(['¿Dónde?', 'a&b']);
    expect(received?.body).not.toContain('glossary_id');
  });

  it('uploads multipart files intact', async () => {
    let received: { name: string; type: string; bytes: number[]; language: string } | undefined;
    server.use(
      http.post('https://stt.example.test/transcribe', async ({ request }) => {
        const form = await request.formData();
        const file = form.get('audio') as File;
        received = {
          name: file.name,
          type: file.type,
          bytes: [...new Uint8Array(await file.arrayBuffer())],
          language: String(form.get('language')),
        };
        return HttpResponse.json({ text: 'ok' });
      }),
    );
    await client().postMultipart({
      url: 'https://stt.example.test/transcribe',
      body: {
        audio: {
          data: new Uint8Array([82, 73, 70, 70, 0, 255]),
          filename: 'interview.wav',
          contentType: 'audio/wav',
        },
        language: 'es',
      },
      responseSchema: z.object({ text: z.string() }),
    });
    expect(received).toEqual({
      name: 'interview.wav',
      type: 'audio/wav',
      bytes: [82, 73, 70, 70, 0, 255],
      language: 'es',
    });
  });

  it('logs method, redacted URL, status and duration, never bodies or keys', async () => {
    registerSecret('logged-key-never-123');
    server.use(
      http.post('https://api.translator.example.test/translate', () =>
        HttpResponse.json([], { status: 200 }),
      ),
    );
    const records: Array<{ level: string; message: string; fields?: LogFields }> = [];
    await client({
      logger: silentTestLogger(records),
      headers: { 'Ocp-Apim-Subscription-Key': 'logged-key-never-123' },
    }).postJson({
      url: 'https://api.translator.example.test/translate?api-version=3.0&subscription-key=logged-key-never-123',
      body: [{ Text: 'evidence text' }],
      responseSchema: z.array(z.unknown()),
    });
    expect(records).toHaveLength(1);
    expect(records[0]?.fields).toMatchObject({ method: 'POST', statusCode: 200 });
    expect(records[0]?.fields?.durationMs).toEqual(expect.any(Number));
    const logged = JSON.stringify(records);
    expect(logged).not.toContain('logged-key-never-123');
    expect(logged).not.toContain('evidence text');
  });

  it('refuses a header value with a line break without echoing it', async () => {
    const error = await failure(
      client({ headers: { 'Ocp-Apim-Subscription-Key': 'abc\ninjected: 1' } }).getJson({
        url: 'https://api.translator.example.test/languages',
        responseSchema: z.unknown(),
      }),
    );
    expect(error).toMatchObject({ code: 'invalid_header' });
    expect((error as Error).message).not.toContain('injected');
  });

  it('surfaces a missing key from a lazy headers function as the ConfigurationError it is', async () => {
    const missing = new ConfigurationError({ code: 'missing_secret', message: 'key is missing' });
    const error = await failure(
      client({
        headers: () => {
          throw missing;
        },
      }).getJson({ url: 'https://api.translator.example.test/languages', responseSchema: z.unknown() }),
    );
    expect(error).toBe(missing);
  });
});
