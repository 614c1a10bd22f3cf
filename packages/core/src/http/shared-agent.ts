import { Agent } from 'undici';

/** Most sockets kept open to one origin by the shared agent; above the pipeline's concurrency, so it never throttles silently. */
export const SHARED_AGENT_CONNECTIONS_PER_ORIGIN = 32;

let sharedAgent: Agent | undefined;

/**
 * The undici `Agent` behind every toex HTTP client that was not given its own `fetch` or
 * `dispatcher`. One per process, so sequential and concurrent requests to a provider reuse
 * keep-alive connections (no TLS handshake per segment).
 */
export function getSharedAgent(): Agent {
  sharedAgent ??= new Agent({
    connections: SHARED_AGENT_CONNECTIONS_PER_ORIGIN,
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    // undici's own 300 s header and body timeouts are switched off (0): the client's per-attempt
    // timeout already bounds every request, body read included, and undici's would otherwise cut
    // long transcription uploads short with a less helpful error than ours.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  return sharedAgent;
}

/**
 * Closes the shared agent's idle connections and lets in-flight requests finish; the next
 * request opens a new agent. Call it on shutdown when the process must exit promptly.
 */
export async function closeSharedAgent(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = undefined;
  await agent?.close();
}
