import { readFileSync } from 'node:fs';
import type { Options } from 'tsup';

/**
 * The one build recipe every package uses: ESM + CJS + declarations, Node 20, the package version
 * compiled in (so the user agent and manifests name the exact release without reading package.json at
 * run time).
 */
export function packageBuild(
  configUrl: string,
  entry: string[] | Record<string, string> = ['src/index.ts'],
): Options {
  const packageJson = JSON.parse(readFileSync(new URL('./package.json', configUrl), 'utf8')) as {
    version: string;
  };
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    // `import.meta.url` in the CommonJS build (the translate package finds its worker file by it).
    shims: true,
    define: { __PACKAGE_VERSION__: JSON.stringify(packageJson.version) },
  };
}
