/**
 * A real HTTP server on 127.0.0.1 speaking Azure Translator v3.0's `POST /translate` wire format, for tests
 * that run a job in another process (where msw cannot reach). It translates `text` as `[<to>] text` (so a
 * translation says which text it came from), reports `X-metered-usage`, records every request and what it
 * answered, and can stop answering after a number of answers, holding further requests open.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAzureTranslator } from '../../providers/azure';
import type { TranslationProvider } from '../../spec';

/** The key the stand-in accepts. */
export const standInKey = 'test-key-123456';

/** One request the stand-in received. */
export interface StandInRequest {
  texts: string[];
  /** 1-based order among the answers, when it was answered. */
  answer?: number;
}

export interface AzureStandIn {
  url: string;
  /** Every request received, in arrival order. */
  readonly requests: StandInRequest[];
  /** Answers at most this many more requests (counted from now), holding the rest open; `undefined`: no limit. */
  limitAnswers(count: number | undefined): void;
  /** Forgets the requests received. */
  clearLog(): void;
  close(): Promise<void>;
}

/** What the stand-in answers for a text. */
export function standInTranslation(text: string, target: string): string {
  return `[${target}] ${text}`;
}

/**
 * Starts the stand-in. `latencyMs` delays every answer; `onAnswered` is called once an answer has been
 * written to the socket, with the number of answers so far.
 */
export async function startAzureStandIn(
  options: { latencyMs?: number; onAnswered?: (answers: number) => void } = {},
): Promise<AzureStandIn> {
  const requests: StandInRequest[] = [];
  let answers = 0;
  let answerBudget: number | undefined;

  const fail = (response: ServerResponse, status: number, code: number, message: string) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ error: { code, message } }));
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || url.pathname !== '/translate') return fail(response, 404, 404000, 'Not found.');
    if (request.headers['ocp-apim-subscription-key'] !== standInKey) return fail(response, 401, 401000, 'Unauthorized.');
    if (url.searchParams.get('api-version') !== '3.0') return fail(response, 400, 400021, 'Bad api-version.');
    const targets = url.searchParams.getAll('to');
    const texts = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Array<{ Text: string }>).map((item) => item.Text);
    const entry: StandInRequest = { texts };
    requests.push(entry);
    if (answerBudget !== undefined) {
      if (answerBudget <= 0) return; // held open: never answered
      answerBudget -= 1;
    }
    if ((options.latencyMs ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const body = JSON.stringify(
      texts.map((text) => ({ translations: targets.map((to) => ({ text: standInTranslation(text, to), to })) })),
    );
    const metered = texts.reduce((sum, text) => sum + text.length, 0) * targets.length;
    response.on('finish', () => {
      answers += 1;
      entry.answer = answers;
      options.onAnswered?.(answers);
    });
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'x-requestid': `stand-in-${requests.length}`,
      'x-metered-usage': String(metered),
    });
    response.end(body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    limitAnswers(count) {
      answerBudget = count;
    },
    clearLog() {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The provider the kill-and-resume jobs use: the real Azure adapter pointed at the stand-in, packing at
 * most 25 texts a request so that a job of a few thousand rows makes over a hundred requests.
 */
export function standInProvider(endpoint: string): TranslationProvider {
  const azure = createAzureTranslator({ apiKey: standInKey, region: 'x', endpoint });
  return { ...azure, limits: { ...azure.limits, maxItemsPerRequest: 25 } };
}
