#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only overhead,quota,billing] [-- --runs N] [-- --profile]`
//
// Builds @toex/core, @toex/costing and @toex/translate when their dist is missing or older than their
// sources (the benchmarks measure the published build, as an application would get it), bundles bench/
// with esbuild into .bench-data/build/ (the workspace packages stay external, so they load from dist/),
// then runs the benchmarks under plain Node. See bench/main.ts and the "Benchmarks" section of
// packages/translate/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const measuredPackages = ['core', 'costing', 'translate', 'entities', 'transcribe'];
const buildDirectory = join(root, '.bench-data', 'build');

/** Newest modification time of any file under `path` (0 when it does not exist). */
function newestModification(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestModification(join(path, name))),
    0,
  );
}

/** Oldest modification time of the files directly in `path` (0 when missing or empty). */
function oldestModification(path) {
  if (!existsSync(path)) return 0;
  const times = readdirSync(path)
    .map((name) => statSync(join(path, name)))
    .filter((stats) => stats.isFile())
    .map((stats) => stats.mtimeMs);
  return times.length === 0 ? 0 : Math.min(...times);
}

const stale = measuredPackages.filter((name) => {
  const directory = join(root, 'packages', name);
  const sources = Math.max(
    newestModification(join(directory, 'src')),
    newestModification(join(directory, 'package.json')),
  );
  return oldestModification(join(directory, 'dist')) < sources;
});
if (stale.length > 0) {
  process.stdout.write(
    `Building ${stale.map((name) => `@toex/${name}`).join(', ')} (dist missing or older than src)…\n`,
  );
  // Build them in dependency order: the capabilities' declarations are built against core's.
  const workspaces = measuredPackages.flatMap((name) => ['-w', `packages/${name}`]);
  const build = spawnSync('npm', ['run', 'build', '--silent', ...workspaces], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const { build } = await import('esbuild');
await build({
  entryPoints: {
    main: join(root, 'bench/main.ts'),
    measure: join(root, 'bench/child/measure.ts'),
    'azure-stand-in': join(root, 'bench/quota/azure-stand-in.ts'),
    'quota-client': join(root, 'bench/quota/quota-client.ts'),
  },
  outdir: buildDirectory,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Packages load from node_modules, so @toex/* resolve to their dist/ builds. An empty tsconfig keeps
  // esbuild from following the root tsconfig's `paths`, which point at the sources.
  packages: 'external',
  tsconfigRaw: '{}',
  sourcemap: 'linked',
  logLevel: 'warning',
});

const result = spawnSync(process.execPath, [join(buildDirectory, 'main.mjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
