import { startLocalApy } from '@toex/translate';

/**
 * Finds an Apertium APY server for the offline examples.
 *
 * - `APERTIUM_URL` set: that server is used, and nothing is started.
 * - Otherwise: APY is started on 127.0.0.1 with `startLocalApy` from `@toex/translate` (loopback only:
 *   plain `apertium-apy` listens on every network interface), and stopped by `stop()`.
 *
 * To keep one running instead: `export APERTIUM_URL=$(node scripts/apertium/apy-server.mjs start)`. The
 * `toex translate` command starts APY by itself when no endpoint is configured.
 */
export interface ApertiumServer {
  /** Base URL, e.g. `http://127.0.0.1:2737`. */
  url: string;
  /** Stops APY when this helper started it; does nothing otherwise. */
  stop(): Promise<void>;
}

/** Returns the configured APY, or starts one on loopback for the example. */
export async function useApertium(): Promise<ApertiumServer> {
  const configured = process.env.APERTIUM_URL;
  if (configured !== undefined && configured !== '') return { url: configured, stop: async () => {} };
  console.log('Starting Apertium APY on 127.0.0.1 (set APERTIUM_URL to use a running one)…');
  const apy = await startLocalApy();
  return { url: apy.url, stop: () => apy.stop() };
}
