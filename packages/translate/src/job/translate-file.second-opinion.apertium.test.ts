import { join } from 'node:path';
import { readManifest } from '@toex/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apertiumUrlForTests } from '../../../../scripts/test/apertium-url';
import { createApertiumTranslator } from '../providers/apertium';
import { createAzureTranslator } from '../providers/azure';
import { createAzureTranslatorHandlers } from '../testing';
import {
  chatHeader,
  chatRows,
  readCsvOutput,
  temporaryDirectory,
  writeExport,
} from './__fixtures__/job-fixtures';
import { translateFile } from './translate-file';

// Azure is faked with msw; the second opinion is the real, offline Apertium the tests start on loopback,
// which msw lets through.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

const azureEnglish: Record<string, string> = {
  'Llámame cuando llegues a casa.': 'Call me when you get home.',
  'Mi hermano tiene el coche desde el lunes.': 'My brother has had the car since Monday.',
  // A cloud answer that has nothing to do with the message: the offline engine's disagrees.
  'La policía estuvo preguntando por ti.': 'The weather will be sunny all weekend.',
};

describe('translateFile with Apertium as the second opinion of a cloud provider', () => {
  it('keeps the offline translation beside the cloud one and flags where they part', async () => {
    const key = '0123456789abcdef0123456789abcdef';
    server.use(
      ...createAzureTranslatorHandlers({ apiKey: key, transform: (text) => azureEnglish[text] ?? text })
        .handlers,
    );
    const bodies = Object.keys(azureEnglish);
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    const output = join(directory.path, 'chats.en.csv');
    const result = await translateFile({
      input,
      output,
      from: 'es',
      to: ['en'],
      provider: createAzureTranslator({ apiKey: key, fetch: globalThis.fetch }),
      secondOpinion: {
        provider: createApertiumTranslator({ baseUrl: apertiumUrlForTests() }),
        sample: 'all',
      },
    });
    const { records } = await readCsvOutput(output);
    const header = records[0]!;
    const rows = records.slice(1);
    const second = rows.map((row) => row[header.indexOf('Body_en_second')]!);
    // Apertium's own English, whatever its wording: not empty, not the Spanish.
    second.forEach((text, index) => {
      expect(text).not.toBe('');
      expect(text).not.toBe(bodies[index]);
    });
    expect(rows.map((row) => row.at(-1))).toEqual(['', '', 'second-opinion']);
    const manifest = await readManifest(result.manifestPath);
    expect(manifest.additionalProviders?.[0]).toMatchObject({
      role: 'second-opinion',
      provider: { id: 'apertium' },
      counts: { sampledRows: 3, disagreements: 1 },
    });
  });
});
