/**
 * Vitest global setup: gives the test run a real local Apertium APY server.
 *
 * - `APERTIUM_URL` set: that server is used and nothing is started (CI may start APY itself).
 * - APY installed: it is started on a free 127.0.0.1 port with only the Spanish↔English modes (so the test
 *   results do not depend on which other pairs the machine has) and stopped in teardown.
 * - APY not installed: nothing is started; the Apertium tests fail with the install command.
 *
 * Runs once in the main vitest process. The URL reaches the forked test workers both through vitest's
 * `provide`/`inject` (the documented channel) and `process.env.APERTIUM_URL` (so code that reads its
 * default from the environment sees the same server).
 */
import type { TestProject } from 'vitest/node';
import { INSTALL_HINT, isApyInstalled, type RunningApy, startApy } from '../apertium/apy-server.mjs';

/** What the global setup tells test files about the Apertium server. */
export interface ApertiumTestContext {
  /** Base URL of the server, or null when none is available. */
  url: string | null;
  /** APY version when known. */
  version: string | null;
  /** Why there is no server, with the command that fixes it. */
  unavailableReason: string | null;
}

declare module 'vitest' {
  interface ProvidedContext {
    apertium: ApertiumTestContext;
  }
}

/** Starts APY when needed; returns the teardown that stops it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configured = process.env.APERTIUM_URL;
  if (configured !== undefined && configured !== '') {
    project.provide('apertium', { url: configured, version: null, unavailableReason: null });
    return async () => {};
  }
  if (!isApyInstalled()) {
    project.provide('apertium', {
      url: null,
      version: null,
      unavailableReason: `Apertium APY is not installed, so the Apertium tests cannot run. Install it with: ${INSTALL_HINT} (or set APERTIUM_URL to a running APY).`,
    });
    return async () => {};
  }
  let server: RunningApy;
  try {
    server = await startApy({ pairs: ['spa-eng', 'eng-spa'] });
  } catch (error) {
    project.provide('apertium', {
      url: null,
      version: null,
      unavailableReason: `Apertium APY is installed but did not start: ${error instanceof Error ? error.message : String(error)}`,
    });
    return async () => {};
  }
  process.env.APERTIUM_URL = server.url;
  project.provide('apertium', { url: server.url, version: server.version ?? null, unavailableReason: null });
  return async () => {
    delete process.env.APERTIUM_URL;
    await server.stop();
  };
}
