import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

// Tests run against the sources of sibling packages, not their builds, so `npm test` needs no build step.
export default defineConfig({
  resolve: {
    alias: {
      '@toex/translate/testing': fileURLToPath(
        new URL('./packages/translate/src/testing/index.ts', import.meta.url),
      ),
      '@toex/entities/testing': fileURLToPath(
        new URL('./packages/entities/src/testing/index.ts', import.meta.url),
      ),
      '@toex/core': source('core'),
      '@toex/costing': source('costing'),
      '@toex/translate': source('translate'),
      '@toex/transcribe': source('transcribe'),
      '@toex/entities': source('entities'),
      '@toex/service': source('service'),
    },
  },
  define: { __PACKAGE_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Starts Apertium APY on loopback for the real-engine tests, unless APERTIUM_URL points at one.
    globalSetup: ['./scripts/test/global-setup.ts'],
  },
});
