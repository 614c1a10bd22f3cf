import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../packages/cli/src/main';
import { demoSample, demoTranslateArguments } from './demo-job.mjs';
import { apertiumUrlForTests } from './test/apertium-url';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'toex-demo-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

// The demo's own command line, on the real engine: its manifest must let a reviewer who holds only the
// output and the manifest say how to produce it again.
describe('the demo manifest', () => {
  it('names what was asked, the engine and its data, and the command line', async () => {
    const input = join(directory, 'sample-phone-export-es.csv');
    await copyFile(demoSample, input);
    const output = join(directory, 'sample-phone-export-es.translated.csv');
    let err = '';
    const code = await runCli(
      demoTranslateArguments({
        input,
        output,
        cache: join(directory, 'cache'),
      }),
      {
        stdout: { write: () => true },
        stderr: {
          write: (chunk: string) => {
            err += chunk;
          },
        },
        env: { APERTIUM_URL: apertiumUrlForTests() },
        cwd: directory,
      },
    );
    expect(err).toContain('Wrote');
    expect(code).toBe(0);
    const manifest = JSON.parse(await readFile(`${output}.manifest.json`, 'utf8'));
    expect(manifest.schemaVersion).toBe(3);
    expect(manifest.settings).toMatchObject({
      to: ['en'],
      from: null,
      languageDetection: 'local',
      input: { format: 'csv', encoding: 'utf-8', columns: ['Message Body'] },
      glossary: { terms: 3, path: expect.stringMatching(/sample-keywords-es-en\.csv$/) },
      skipRules: expect.arrayContaining(['empty', 'no-letters', 'url-only']),
      translationMemory: { path: join(directory, 'cache'), hits: 0 },
      detector: { name: 'eld', model: 'extrasmall', version: expect.stringMatching(/^\d+\.\d+/) },
    });
    expect(manifest.settings.glossary.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.settings.sourceLanguages.es).toBeGreaterThan(10);
    expect(manifest.provider).toMatchObject({
      id: 'apertium',
      engine: { name: 'Apertium APY', components: { 'apertium-eng-spa': expect.stringMatching(/^\d/) } },
    });
    expect(manifest.job.command).toMatch(
      /^toex translate \S+sample-phone-export-es\.csv --to en --glossary /,
    );
  }, 60_000);
});
