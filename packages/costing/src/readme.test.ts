import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The README's example is the package's front door: run it exactly as written and compare its output.
describe('README example', () => {
  const startingDirectory = process.cwd();
  afterEach(() => {
    process.chdir(startingDirectory);
    vi.restoreAllMocks();
  });

  it('runs estimate → budget → ledger → report and prints what the README says', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Example'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    const expected = /```text\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeDefined();
    expect(expected).toBeDefined();
    const directory = await mkdtemp(join(tmpdir(), 'toex-readme-'));
    const file = join(directory, 'example.ts');
    await writeFile(file, code!);
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
      printed.push(parts.join(' '));
    });
    process.chdir(directory);
    await import(/* @vite-ignore */ pathToFileURL(file).href);
    expect(printed).toEqual(expected!.trimEnd().split('\n'));
  });
});
