/**
 * Child-process entry: a `node:http` server on 127.0.0.1 that speaks Azure Translator v3's wire format
 * (`POST /translate?api-version=3.0&to=…`, body `[{"Text":…}]`, answer
 * `[{"detectedLanguage":…,"translations":[{"text":…,"to":…}]}]` with `X-metered-usage`), answers after a
 * fixed latency, and enforces a characters-per-minute quota with 429 and `Retry-After`. Prints
 * `STAND-IN-PORT <port>` once listening; `GET /stats` returns what it saw. Runs until killed.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SlidingQuota } from './sliding-quota';
import {
  type AcceptedRequest,
  azureRequestLimits,
  portLinePrefix,
  type StandInSettings,
  type StandInStats,
  standInTranslation,
  type ThrottledRequest,
} from './stand-in-protocol';

const settings = JSON.parse(process.argv[2] ?? '{}') as StandInSettings;
const quota = new SlidingQuota(settings.charactersPerMinute, 60_000);
const startedAt = performance.now();
const accepted: AcceptedRequest[] = [];
const throttledRequests: ThrottledRequest[] = [];
const stats = { requests: 0, throttled: 0, overLimit: 0, malformed: 0 };

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 500000, message: String(error) } }));
  });
});

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/stats') {
    const body: StandInStats = { ...stats, accepted, throttledRequests };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
    return;
  }
  const body = await readBody(request);
  stats.requests += 1;
  if (
    request.method !== 'POST' ||
    url.pathname !== '/translate' ||
    url.searchParams.get('api-version') !== '3.0'
  ) {
    stats.malformed += 1;
    return answer(response, 404, {
      error: { code: 404001, message: 'The requested resource was not found.' },
    });
  }
  if (request.headers['ocp-apim-subscription-key'] === undefined) {
    stats.malformed += 1;
    return answer(response, 401, { error: { code: 401000, message: 'Missing credentials.' } });
  }
  const targets = url.searchParams.getAll('to');
  const items = parseItems(body);
  if (targets.length === 0 || items === undefined) {
    stats.malformed += 1;
    return answer(response, 400, {
      error: { code: 400000, message: 'One of the request inputs is not valid.' },
    });
  }
  const characters = items.reduce((sum, text) => sum + text.length, 0) * targets.length;
  if (items.length > azureRequestLimits.maxTexts || characters > azureRequestLimits.maxCharacters) {
    stats.overLimit += 1;
    return answer(response, 400, {
      error: { code: 400077, message: 'The maximum request size has been exceeded.' },
    });
  }
  const arrivedAt = performance.now() - startedAt;
  const taken = quota.take(characters, arrivedAt);
  if (!taken.granted) {
    stats.throttled += 1;
    throttledRequests.push({
      arrivedAt,
      characters,
      inWindow: quota.used(arrivedAt),
      retryAfterSeconds: Math.ceil(taken.retryAfterMs / 1000),
    });
    await sleep(settings.latencyMs);
    return answer(
      response,
      429,
      {
        error: {
          code: 429001,
          message: 'The server rejected the request because the client has exceeded request limits.',
        },
      },
      { 'retry-after': String(throttledRequests.at(-1)?.retryAfterSeconds ?? 1) },
    );
  }
  accepted.push({ arrivedAt, characters, texts: items.length });
  await sleep(settings.latencyMs);
  const from = url.searchParams.get('from');
  const result = items.map((text) => ({
    ...(from === null ? { detectedLanguage: { language: 'es', score: 1 } } : {}),
    translations: targets.map((target) => ({ text: standInTranslation(text, target), to: target })),
  }));
  answer(response, 200, result, { 'x-metered-usage': String(characters) });
}

function parseItems(body: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (!Array.isArray(parsed)) return undefined;
    const texts: string[] = [];
    for (const item of parsed) {
      const text: unknown = (item as { Text?: unknown } | null)?.Text;
      if (typeof text !== 'string') return undefined;
      texts.push(text);
    }
    return texts;
  } catch {
    return undefined;
  }
}

function answer(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-requestid': randomUUID(),
    ...headers,
  });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${portLinePrefix}${port}\n`);
});
