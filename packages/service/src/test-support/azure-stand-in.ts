import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAzureTranslatorHandlers } from '@toex/translate/testing';
import { getResponse } from 'msw';

/** One request as the stand-in saw it. */
export interface StandInRequest {
  /** Milliseconds since the epoch when the request arrived, and when its answer was sent. */
  arrivedAt: number;
  answeredAt: number;
  status: number;
  /** Characters the answer says were metered (`X-metered-usage`); 0 for a refusal. */
  characters: number;
  /** The texts of the body, in order. */
  texts: string[];
}

/** A loopback HTTP server that answers as Azure Translator v3 does, recording every request. */
export interface AzureStandIn {
  /** `http://127.0.0.1:PORT`: give it as the endpoint. */
  readonly url: string;
  /** The `toex translate` / `toex submit translate` flags that send Spanish → English to this stand-in. */
  readonly translateArgs: readonly string[];
  readonly requests: readonly StandInRequest[];
  /** Requests that have arrived and are not answered yet: their texts, by arrival. */
  inFlight(): Array<{ arrivedAt: number; texts: string[] }>;
  /** Characters metered over every answered request: the provider's bill. */
  billedCharacters(): number;
  /** Milliseconds every answer waits from now on (on top of `latencyMs`), to catch a job running. */
  setExtraLatency(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts Azure Translator v3's `POST /translate` on a free loopback port, for worker processes to call
 * over real HTTP. The answers come from `@toex/translate/testing`'s handlers, which follow the documented
 * wire format (https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/v3/translate):
 * `X-metered-usage`, `X-requestid`, limits and error bodies.
 */
export async function startAzureStandIn(options: { latencyMs?: number } = {}): Promise<AzureStandIn> {
  const requests: StandInRequest[] = [];
  let extraLatencyMs = 0;
  const pending = new Set<{ arrivedAt: number; texts: string[] }>();
  let handlers: ReturnType<typeof createAzureTranslatorHandlers>['handlers'] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const arrivedAt = Date.now();
    void answer(incoming).then(
      async ({ response, text }) => {
        const body = Buffer.from(await response.arrayBuffer());
        const answeredAt = Date.now();
        const texts = readTexts(text);
        requests.push({
          arrivedAt,
          answeredAt,
          status: response.status,
          characters: response.ok ? Number(response.headers.get('x-metered-usage') ?? 0) : 0,
          texts,
        });
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        outgoing.end(body);
      },
      (error: unknown) => {
        outgoing.writeHead(500);
        outgoing.end(String(error));
      },
    );
  });
  async function answer(incoming: IncomingMessage): Promise<{ response: Response; text: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const waiting = { arrivedAt: Date.now(), texts: readTexts(text) };
    pending.add(waiting);
    const request = new Request(`${url}${incoming.url}`, {
      method: incoming.method ?? 'GET',
      headers: Object.entries(incoming.headers).flatMap(([name, value]) =>
        value === undefined
          ? []
          : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
      ),
      ...(incoming.method === 'POST' ? { body: text } : {}),
    });
    if (extraLatencyMs > 0) await new Promise((resolve) => setTimeout(resolve, extraLatencyMs));
    pending.delete(waiting);
    const response = (await getResponse(handlers, request)) ?? new Response('not found', { status: 404 });
    return { response, text };
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handlers = createAzureTranslatorHandlers({
    baseUrl: url,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
  }).handlers;
  return {
    url,
    translateArgs: ['--from', 'es', '--to', 'en', '--provider', 'azure', '--endpoint', url],
    requests,
    inFlight: () => [...pending],
    billedCharacters: () => requests.reduce((sum, request) => sum + request.characters, 0),
    setExtraLatency: (ms) => {
      extraLatencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readTexts(body: string | undefined): string[] {
  try {
    const parsed = JSON.parse(body ?? '[]') as Array<{ Text?: string }>;
    return parsed.map((item) => item.Text ?? '');
  } catch {
    return [];
  }
}

/**
 * The most characters the stand-in saw in any sliding window of `windowMs`, counting a request in
 * every window that overlaps its time at the provider (from its arrival until its answer): the
 * strictest reading of how a provider meters a quota.
 */
export function busiestWindowCharacters(requests: readonly StandInRequest[], windowMs: number): number {
  const starts = requests.flatMap((request) => [request.arrivedAt, request.answeredAt - windowMs + 1]);
  let most = 0;
  for (const start of starts) {
    const end = start + windowMs;
    const inWindow = requests
      .filter((request) => request.answeredAt >= start && request.arrivedAt < end)
      .reduce((sum, request) => sum + request.characters, 0);
    most = Math.max(most, inWindow);
  }
  return most;
}
