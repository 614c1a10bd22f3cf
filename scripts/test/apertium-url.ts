import { inject } from 'vitest';
import type { ApertiumTestContext } from './global-setup';

/**
 * The URL of the real APY server the Apertium tests run against, from the vitest global setup
 * (`scripts/test/global-setup.ts`) or `APERTIUM_URL`. Throws, failing the test with the fix, when there
 * is none: these tests check a real engine and must not pass silently without one.
 */
export function apertiumUrlForTests(): string {
  // inject() returns undefined when the global setup is not registered in vitest.config.ts.
  const context = inject('apertium') as ApertiumTestContext | undefined;
  const url = context?.url ?? process.env.APERTIUM_URL;
  if (url !== undefined && url !== null && url !== '') return url;
  throw new Error(
    context?.unavailableReason ??
      'No Apertium APY server for the tests: add scripts/test/global-setup.ts to `globalSetup` in vitest.config.ts, ' +
        'or set APERTIUM_URL. Install APY with: bash scripts/apertium/ensure-apertium.sh',
  );
}
