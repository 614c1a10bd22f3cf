import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToexAbortError } from '../errors/abort-error';
import { ApiCallError } from '../errors/api-call-error';
import { silentLogger } from '../logging/silent-logger';
import { createHttpClient } from './create-http-client';
import { closeSharedAgent } from './shared-agent';

// Real sockets on 127.0.0.1 through the DEFAULT transport (undici fetch + shared agent): msw
// cannot see these requests, which is the point — this is the code path production uses.
const timeoutMs = 200;
const servers: Server[] = [];

async function startServer(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const server = createServer(handler);
  const sockets = { opened: 0 };
  server.on('connection', () => {
    sockets.opened += 1;
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, sockets };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
afterAll(() => closeSharedAgent());

const client = () => createHttpClient({ userAgent: 'toex/test/0.0.0', timeoutMs, logger: silentLogger });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('createHttpClient default transport', () => {
  it('reuses keep-alive connections across sequential requests instead of opening one per request', async () => {
    const { baseUrl, sockets } = await startServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ path: request.url }));
    });
    const http = client();
    for (let index = 0; index < 10; index += 1) {
      const result = await http.getJson({
        url: `${baseUrl}/item/${index}`,
        responseSchema: z.object({ path: z.string() }),
      });
      expect(result.value.path).toBe(`/item/${index}`);
    }
    // undici releases a socket to its pool a tick after fetch hands over the last body byte, so a
    // request sent straight after may open a second socket; from then on the two alternate.
    expect(sockets.opened).toBeGreaterThanOrEqual(1);
    expect(sockets.opened).toBeLessThanOrEqual(2);
  });

  it('shares connections between clients in the same process', async () => {
    const { baseUrl, sockets } = await startServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
    for (let index = 0; index < 6; index += 1) {
      await client().getJson({ url: `${baseUrl}/client/${index}`, responseSchema: z.object({}) });
    }
    expect(sockets.opened).toBeLessThanOrEqual(2);
  });

  it('times out, retryably, when the server never sends headers', async () => {
    const { baseUrl } = await startServer(() => {
      // never respond
    });
    const startedAt = performance.now();
    const error = await failure(client().getJson({ url: `${baseUrl}/hang`, responseSchema: z.unknown() }));
    const elapsedMs = performance.now() - startedAt;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'timeout', retryable: true, statusCode: undefined });
    expect((error as Error).message).toContain(`timed out after ${timeoutMs} ms waiting for a response`);
    expect(elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 20);
    expect(elapsedMs).toBeLessThan(timeoutMs + 800);
  });

  it('times out when the body stalls part-way', async () => {
    const { baseUrl } = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"translations":[');
      // …and never finish
    });
    const error = await failure(
      client().getJson({ url: `${baseUrl}/slow-body`, responseSchema: z.unknown() }),
    );
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect((error as Error).message).toContain('while reading the response body');
  });

  it('honours a per-request timeout over the client default', async () => {
    const { baseUrl } = await startServer(() => {});
    const startedAt = performance.now();
    const error = await failure(client().request({ method: 'GET', url: `${baseUrl}/hang`, timeoutMs: 50 }));
    expect(error).toMatchObject({ code: 'timeout' });
    expect(performance.now() - startedAt).toBeLessThan(timeoutMs);
  });

  it('reports a connection reset mid-response as a retryable network_error with the cause kept', async () => {
    const { baseUrl } = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":');
      setTimeout(() => response.socket?.resetAndDestroy(), 10);
    });
    const error = await failure(client().getJson({ url: `${baseUrl}/reset`, responseSchema: z.unknown() }));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'network_error', retryable: true });
    expect((error as Error).message).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('reports a refused connection as a retryable network_error', async () => {
    const { baseUrl } = await startServer(() => {});
    const closed = servers.pop();
    await new Promise<void>((resolve) => closed?.close(() => resolve()));
    const error = await failure(client().request({ method: 'GET', url: `${baseUrl}/nobody-home` }));
    expect(error).toMatchObject({ code: 'network_error', retryable: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('rejects with ToexAbortError, not a timeout, when the caller aborts mid-request', async () => {
    const { baseUrl } = await startServer(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const startedAt = performance.now();
    const error = await failure(
      client().postJson({
        url: `${baseUrl}/hang`,
        body: { text: 'x' },
        signal: controller.signal,
        responseSchema: z.unknown(),
      }),
    );
    expect(ToexAbortError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'aborted', retryable: false });
    expect(performance.now() - startedAt).toBeLessThan(timeoutMs);
  });

  it("classifies a caller signal that is itself a timeout as the caller's abort", async () => {
    const { baseUrl } = await startServer(() => {});
    const error = await failure(
      client().request({ method: 'GET', url: `${baseUrl}/hang`, signal: AbortSignal.timeout(30) }),
    );
    expect(ToexAbortError.isInstance(error)).toBe(true);
  });

  it('returns non-2xx responses from request() without throwing', async () => {
    const { baseUrl } = await startServer((_request, response) => {
      response.writeHead(503, { 'retry-after': '1', 'x-request-id': 'r-9' });
      response.end('busy');
    });
    const response = await client().request({ method: 'GET', url: `${baseUrl}/busy` });
    expect(response.statusCode).toBe(503);
    expect(new TextDecoder().decode(response.body)).toBe('busy');
    expect(response.requestId).toBe('r-9');
  });

  it('uploads multipart bodies intact through undici', async () => {
    const { baseUrl } = await startServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('latin1');
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            contentType: request.headers['content-type'],
            hasFile: body.includes('filename="clip.wav"') && body.includes('RIFF-audio-bytes'),
          }),
        );
      });
    });
    const result = await client().postMultipart({
      url: `${baseUrl}/upload`,
      body: {
        file: { data: new Blob(['RIFF-audio-bytes']), filename: 'clip.wav', contentType: 'audio/wav' },
      },
      responseSchema: z.object({ contentType: z.string(), hasFile: z.boolean() }),
    });
    expect(result.value.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(result.value.hasFile).toBe(true);
  });
});
