import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
};

// npm links a package's bin at install time, before anything is built: in a fresh checkout `npm ci`
// links `toex` into node_modules/.bin only if the bin file is committed, not produced by the build.
describe('the toex bin', () => {
  const stub = join(packageDirectory, manifest.bin.toex!);

  it('is a committed, executable file outside dist/, and is published', () => {
    expect(manifest.bin.toex).toBe('./bin/toex.js');
    expect(() => accessSync(stub, constants.X_OK)).not.toThrow();
    expect(readFileSync(stub, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(manifest.files).toContain('bin');
  });

  it('says how to build when the build is missing, rather than a stack trace', () => {
    const directory = mkdtempSync(join(tmpdir(), 'toex-bin-'));
    try {
      mkdirSync(join(directory, 'bin'));
      copyFileSync(stub, join(directory, 'bin', 'toex.js'));
      const result = spawnSync(process.execPath, [join(directory, 'bin', 'toex.js'), '--help'], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('npm run build');
      expect(result.stderr).not.toMatch(/at .*\(/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
