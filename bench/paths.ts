import { join } from 'node:path';

/**
 * The repository root. `npm run bench` runs everything from it (scripts/bench.mjs sets the working
 * directory), so paths hold whether the benchmarks run bundled from `.bench-data/build/` or from source.
 */
export const repositoryRoot = process.cwd();

/** Generated inputs, outputs, caches, builds and results; gitignored. */
export const benchDataDirectory = join(repositoryRoot, '.bench-data');

/** Where scripts/bench.mjs bundles the benchmarks: one `.mjs` per entry point. */
export const benchBuildDirectory = join(benchDataDirectory, 'build');

/** Scratch space for outputs and translation memories of single runs; emptied as runs finish. */
export const scratchDirectory = join(benchDataDirectory, 'scratch');
