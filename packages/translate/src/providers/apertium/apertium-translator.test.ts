// These tests run against a real Apertium APY (apertium-eng-spa), started by scripts/test/global-setup.ts.
// Only the truncation tests put a small proxy in front of it, because APY truncates only requests larger
// than the adapter ever sends.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiCallError, ConfigurationError, ToexAbortError } from '@toex/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApy, startApy } from '../../../../../scripts/apertium/apy-server.mjs';
import { apertiumUrlForTests } from '../../../../../scripts/test/apertium-url';
import type { TranslationProvider } from '../../spec';
import { CHAT_MESSAGES } from './__fixtures__/chat-messages';
import { ApertiumIncompleteTranslationError, ApertiumPairNotInstalledError } from './apertium-errors';
import { decodeSegments, encodeSegments } from './apertium-segments';
import type { ApertiumTranslatorSettings } from './apertium-settings';
import { createApertiumTranslator } from './apertium-translator';

let baseUrl: string;

beforeAll(() => {
  baseUrl = apertiumUrlForTests();
});

/** A translator on the test APY whose requests are counted by path (it still calls the real server). */
function countingTranslator(settings: ApertiumTranslatorSettings = {}) {
  const requests: string[] = [];
  const translator = createApertiumTranslator({
    baseUrl,
    ...settings,
    fetch: (input, init) => {
      requests.push(new URL(input instanceof Request ? input.url : input).pathname);
      return globalThis.fetch(input, init);
    },
  });
  const count = (path: string) => requests.filter((requested) => requested === path).length;
  return { translator, count };
}

async function translateEach(translator: TranslationProvider, texts: readonly string[]): Promise<string[]> {
  const results: string[] = [];
  for (const text of texts) results.push(...(await translateAll(translator, [text])));
  return results;
}

async function translateAll(translator: TranslationProvider, texts: readonly string[]): Promise<string[]> {
  const { items } = await translator.translate({ texts, from: 'es', to: ['en'] });
  return items.map((item) => item.translations.en ?? '');
}

describe('createApertiumTranslator against a real APY', () => {
  it('translates known phrases to their stable outputs', async () => {
    const { translator } = countingTranslator();
    expect(await translateAll(translator, ['hola', 'gracias', 'Buenos días.'])).toEqual([
      'hello',
      'thank you',
      'Good morning.',
    ]);
  });

  it('describes itself as a free, self-hosted, single-target provider', () => {
    const { translator } = countingTranslator({ apyVersion: '0.11.7' });
    expect(translator).toMatchObject({
      id: 'apertium',
      apiVersion: '0.11.7',
      endpoint: baseUrl.replace(/\/+$/, ''),
      billing: { provider: 'apertium', service: 'apy', sku: 'self-hosted', characterCounting: 'none' },
      capabilities: { detectsLanguage: false, multipleTargets: false, glossary: 'none' },
    });
    expect(translator.limits.maxCharactersPerRequest).toBeLessThanOrEqual(5_000);
  });

  it('translates 50 chat messages in one request, one translation each, in order, none merged', async () => {
    const { translator, count } = countingTranslator();
    const batched = await translator.translate({ texts: CHAT_MESSAGES, from: 'es', to: ['en'] });
    expect(count('/translate')).toBe(1);
    expect(batched.warnings).toEqual([]);
    expect(batched.items).toHaveLength(CHAT_MESSAGES.length);

    // Each text translated in a request of its own is the reference: batching must not change anything.
    const alone = await translateEach(translator, CHAT_MESSAGES);
    expect(batched.items.map((item) => item.translations.en)).toEqual(alone);

    const [gracias, buenas] = batched.items;
    expect(gracias?.translations.en).toBe('Thank you Brother');
    expect(buenas?.translations.en).toBe('Good nights');
    for (const item of batched.items) expect(item.translations.en?.trim()).not.toBe('');
  });

  it('needs the paragraphs: joined by a newline, APY moves words between messages', async () => {
    const body = new URLSearchParams({
      langpair: 'spa|eng',
      q: 'Gracias hermano\nBuenas noches',
      markUnknown: 'no',
    });
    const response = await fetch(`${baseUrl}/translate`, { method: 'POST', body });
    const json = (await response.json()) as { responseData: { translatedText: string } };
    expect(json.responseData.translatedText).toBe('Thank you Good\nbrother nights');
  });

  it('returns markup, entities, asterisks, newlines and control characters exactly as sent', async () => {
    const { translator } = countingTranslator();
    const [comparison, injection, asterisks, entities, lines, control] = await translateAll(translator, [
      '5 < 10 & 10 > 5',
      '</p><p>inyección</p>',
      '*importante* 5*3=15',
      'Tom &amp; Jerry &lt;3',
      'Línea uno.\nLínea dos.\n\nPárrafo tres.',
      'hola\u0000adiós\u0007',
    ]);
    expect(comparison).toBe('5 < 10 & 10 > 5');
    expect(injection).toBe('</p><p>Injection</p>');
    expect(asterisks).toBe('*Important* 5*3=15');
    expect(entities).toBe('Tom &amp; Jerry &lt;3');
    expect(lines).toBe('Line one.\nLine two.\n\nParagraph three.');
    expect(control).toBe('hello\u0000goodbye\u0007');
  });

  it('does not mark unknown words, unless asked to', async () => {
    const text = 'El perro xyzzyq come pan con Wembley.';
    expect(await translateAll(countingTranslator().translator, [text])).toEqual([
      'The dog xyzzyq eats bread with Wembley.',
    ]);
    const marking = countingTranslator({ markUnknownWords: true }).translator;
    expect(await translateAll(marking, [text])).toEqual(['The dog *xyzzyq eats bread with *Wembley.']);
  });

  it('brings a request at the size limit back complete, in one HTTP request', async () => {
    const { translator, count } = countingTranslator();
    const texts = fillRequest(translator);
    const response = await translator.translate({ texts, from: 'es', to: ['en'] });
    expect(count('/translate')).toBe(1);
    expect(response.warnings).toEqual([]);
    const translations = response.items.map((item) => item.translations.en ?? '');
    expect(translations).toEqual(await translateEach(translator, texts));
  });

  it('splits a request whose escaping outgrows one APY request, and still returns every text', async () => {
    const { translator, count } = countingTranslator();
    // 40 × 90 ampersands fit the packer's 3,700 characters but are 18,000 bytes once escaped.
    const texts = Array.from({ length: 40 }, (_, index) => `${'&'.repeat(90)} hola ${index}`);
    const translations = await translateAll(translator, texts);
    expect(count('/translate')).toBeGreaterThan(1);
    expect(translations).toEqual(texts.map((_, index) => `${'&'.repeat(90)} hello ${index}`));
  });

  it('accepts ISO 639-3 codes and answers under the code it was asked for', async () => {
    const { translator } = countingTranslator();
    const { items } = await translator.translate({ texts: ['hola'], from: 'spa', to: ['eng'] });
    expect(items[0]?.translations).toEqual({ eng: 'hello' });
  });

  it('lists the installed pairs with the codes users write', async () => {
    const { translator } = countingTranslator();
    const languages = await translator.languages?.();
    expect(languages?.pairs).toEqual(
      expect.arrayContaining([
        { from: 'es', to: 'en' },
        { from: 'en', to: 'es' },
      ]),
    );
    expect(languages?.from).toContain('es');
    expect(languages?.to).toContain('en');
  });

  it('explains which pairs exist and which package adds a missing one, before translating anything', async () => {
    const { translator, count } = countingTranslator();
    const failure = await translator
      .translate({ texts: ['Bon dia'], from: 'ca', to: ['en'] })
      .catch((error) => error);
    expect(ApertiumPairNotInstalledError.isInstance(failure)).toBe(true);
    expect(ConfigurationError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ retryable: false, debianPackage: 'apertium-eng-cat' });
    expect(failure.message).toContain('spa-eng');
    expect(failure.message).toContain('apt-get install -y apertium-eng-cat');
    expect(count('/translate')).toBe(0);
    // The list of pairs is fetched once per translator.
    await translator.translate({ texts: ['hola'], from: 'es', to: ['en'] });
    expect(count('/listPairs')).toBe(1);
  });

  it('refuses requests it cannot serve without calling APY', async () => {
    const { translator, count } = countingTranslator();
    await expect(translator.translate({ texts: ['hola'], to: ['en'] })).rejects.toMatchObject({
      code: 'source_language_required',
    });
    await expect(
      translator.translate({ texts: ['hola'], from: 'es', to: ['en', 'fr'] }),
    ).rejects.toMatchObject({
      code: 'unsupported_option',
    });
    expect(count('/translate') + count('/listPairs')).toBe(0);
  });

  it('stops when the caller aborts', async () => {
    const { translator } = countingTranslator();
    const controller = new AbortController();
    controller.abort();
    const failure = await translator
      .translate({ texts: ['hola'], from: 'es', to: ['en'] }, { signal: controller.signal })
      .catch((error) => error);
    expect(ToexAbortError.isInstance(failure)).toBe(true);
  });
});

describe('incomplete responses', () => {
  it("detects APY's real silent truncation of an oversized request", async () => {
    // Sent straight to APY, far past the adapter's size limit: 1,200 texts, 70 KB of `q`. APY keeps 10
    // chunks of at most 4,096 bytes, drops the rest and still answers HTTP 200.
    const texts = Array.from(
      { length: 1_200 },
      (_, index) => `Mensaje número ${index}: nos vemos mañana en la plaza.`,
    );
    const body = new URLSearchParams({ langpair: 'spa|eng', q: encodeSegments(texts), markUnknown: 'no' });
    const response = await fetch(`${baseUrl}/translate`, { method: 'POST', body });
    expect(response.status).toBe(200);
    const answer = ((await response.json()) as { responseData: { translatedText: string } }).responseData;

    const decoded = decodeSegments(answer.translatedText, texts.length);
    expect(decoded.complete).toBe(false);
    expect(decoded.segments.length).toBeGreaterThan(0);
    expect(decoded.segments.length).toBeLessThan(texts.length);
    // What came back whole is trustworthy: each text in its place.
    expect(decoded.segments[0]).toBe('Message number 0: we see us morning in the square.');
    const last = decoded.segments.length - 1;
    expect(decoded.segments[last]).toBe(`Message number ${last}: we see us morning in the square.`);
  });

  it('translates the texts of a short response one by one and says so', async () => {
    const proxy = await startProxy(baseUrl, (q, translated) =>
      // Drop the last third of every multi-text answer, as APY does past 10 chunks.
      q.startsWith('<p>') && q.indexOf('<p>', 1) !== -1
        ? translated.slice(0, (translated.length * 2) / 3)
        : translated,
    );
    try {
      const { translator } = countingTranslator();
      const expected = await translateAll(translator, CHAT_MESSAGES);
      const throughProxy = createApertiumTranslator({ baseUrl: proxy.url });
      const response = await throughProxy.translate({ texts: CHAT_MESSAGES, from: 'es', to: ['en'] });
      expect(response.items.map((item) => item.translations.en)).toEqual(expected);
      expect(response.warnings).toHaveLength(1);
      expect(response.warnings[0]?.message).toMatch(/incomplete.*translated one by one/);
      // The whole texts before the cut were kept; only the rest were sent again.
      expect(proxy.translateRequests).toBeLessThan(1 + CHAT_MESSAGES.length);
    } finally {
      await proxy.close();
    }
  });

  it('translates again a text that came back empty', async () => {
    let blanked = false;
    const proxy = await startProxy(baseUrl, (_q, translated) => {
      if (blanked) return translated;
      blanked = true;
      return translated.replace('<p>Good nights</p>', '<p></p>');
    });
    try {
      const translator = createApertiumTranslator({ baseUrl: proxy.url });
      expect(await translateAll(translator, ['Gracias hermano', 'Buenas noches', 'hola'])).toEqual([
        'Thank you Brother',
        'Good nights',
        'hello',
      ]);
      expect(proxy.translateRequests).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it('throws a retryable error rather than return a text that keeps coming back cut', async () => {
    const proxy = await startProxy(baseUrl, (_q, translated) => translated.slice(0, -6));
    try {
      const translator = createApertiumTranslator({ baseUrl: proxy.url });
      const failure = await translateAll(translator, ['hola', 'Buenas noches']).catch((error) => error);
      expect(ApertiumIncompleteTranslationError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({ code: 'apertium_incomplete_translation', retryable: true });
    } finally {
      await proxy.close();
    }
  });
});

describe('APY errors', () => {
  it("reports APY's own error for a pair it does not have as a non-retryable ApiCallError", async () => {
    // A proxy that claims French is installed, so the request reaches APY and APY refuses it.
    const proxy = await startProxy(baseUrl, (_q, translated) => translated, {
      listPairs:
        '{"responseData": [{"sourceLanguage": "fra", "targetLanguage": "eng"}], "responseStatus": 200}',
    });
    try {
      const translator = createApertiumTranslator({ baseUrl: proxy.url });
      const failure = await translator
        .translate({ texts: ['Bonjour'], from: 'fr', to: ['en'] })
        .catch((error) => error);
      expect(ApiCallError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({
        statusCode: 400,
        providerCode: 'pair_not_installed',
        providerMessage: 'That pair is not installed',
        retryable: false,
      });
    } finally {
      await proxy.close();
    }
  });

  describe('with a translation pipeline that dies', () => {
    let apy: RunningApy;
    beforeAll(async () => {
      apy = await startApy({ pairs: ['spa-eng'] });
    });
    afterAll(async () => {
      await apy?.stop();
    });

    it('turns the 503 into a retryable ApiCallError, and APY recovers on the next request', async () => {
      const translator = createApertiumTranslator({ baseUrl: apy.url });
      expect(await translateAll(translator, ['hola'])).toEqual(['hello']);
      // End one process of the pipeline APY started for spa-eng, as a crash would.
      const [pipelineProcess] = childProcessesOf(apy.pid);
      expect(pipelineProcess).toBeDefined();
      process.kill(pipelineProcess ?? 0, 'SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));

      const failure = await translateAll(translator, ['hola']).catch((error) => error);
      expect(ApiCallError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({ statusCode: 503, providerCode: 'internal_error', retryable: true });
      expect(await translateAll(translator, ['hola'])).toEqual(['hello']);
    });
  });
});

/** Texts that fill the translator's packing limits exactly: as many items and bytes as one request takes. */
function fillRequest(translator: TranslationProvider): string[] {
  const { maxItemsPerRequest, maxBytesPerRequest = translator.limits.maxCharactersPerRequest } =
    translator.limits;
  const each = Math.floor(maxBytesPerRequest / maxItemsPerRequest);
  const sentence = 'Mañana vamos al mercado con mi hermano y luego comemos en casa de la abuela. ';
  return Array.from({ length: maxItemsPerRequest }, (_, index) => {
    const text = `${index}. ${sentence.repeat(3)}`;
    // Cut at a character boundary so that the UTF-8 size is at most `each`.
    let cut = text.slice(0, each);
    while (new TextEncoder().encode(cut).length > each) cut = cut.slice(0, -1);
    return cut.trim();
  });
}

/** Process ids whose parent is `pid` (Linux /proc). */
function childProcessesOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z') children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children.sort((first, second) => first - second);
}

interface Proxy {
  url: string;
  /** How many `/translate` requests went through. */
  readonly translateRequests: number;
  close(): Promise<void>;
}

/**
 * A small HTTP server in front of the real APY that passes requests on and lets a test change what
 * comes back: the `translatedText` of `/translate` answers, or the `/listPairs` answer.
 */
async function startProxy(
  target: string,
  rewrite: (q: string, translated: string) => string,
  overrides: { listPairs?: string } = {},
): Promise<Proxy> {
  let translateRequests = 0;
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://proxy').pathname;
      if (path === '/listPairs' && overrides.listPairs !== undefined) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(overrides.listPairs);
        return;
      }
      const body = await readBody(request);
      const upstream = await fetch(`${target}${request.url ?? '/'}`, {
        method: request.method,
        headers: { 'content-type': request.headers['content-type'] ?? 'application/octet-stream' },
        body: request.method === 'GET' ? undefined : body,
      });
      let text = await upstream.text();
      if (path === '/translate') {
        translateRequests += 1;
        if (upstream.ok) {
          const json = JSON.parse(text) as { responseData: { translatedText: string } };
          const q = new URLSearchParams(body).get('q') ?? '';
          json.responseData.translatedText = rewrite(q, json.responseData.translatedText);
          text = JSON.stringify(json);
        }
      }
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get translateRequests() {
      return translateRequests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
