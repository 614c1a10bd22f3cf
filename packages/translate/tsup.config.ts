import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

const library = packageBuild(import.meta.url, {
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
});

export default defineConfig([
  library,
  // The language-detection worker, started by file path beside index.js/index.cjs (never imported).
  // ESM only: it awaits its model at the top level, and a worker loads an ES module whatever the caller.
  {
    ...library,
    entry: { 'detection-worker': 'src/detection/detection-worker.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
  },
]);
