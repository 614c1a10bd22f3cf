/**
 * Finds an Apertium APY server for the offline examples.
 *
 * - `APERTIUM_URL` set: that server is used, and nothing is started.
 * - Otherwise: APY is started on 127.0.0.1 with the Spanish→English pair, using the checkout's launcher
 *   (`scripts/apertium/apy-server.mjs`), and stopped by `stop()`.
 *
 * To keep one running instead: `export APERTIUM_URL=$(node scripts/apertium/apy-server.mjs start)`. Plain
 * `apertium-apy` listens on every network interface; that launcher binds it to 127.0.0.1 only. The
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
  const { startApy } = await import('../../scripts/apertium/apy-server.mjs');
  console.log('Starting Apertium APY on 127.0.0.1 (set APERTIUM_URL to use a running one)…');
  const apy = await startApy({ pairs: ['spa-eng'] });
  return { url: apy.url, stop: () => apy.stop() };
}
