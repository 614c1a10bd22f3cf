import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  VERSION as coreVersion,
  manifestEndpoint,
  neutraliseSpreadsheetFormula,
  readManifest,
  sha256File,
} from '@toex/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apertiumUrlForTests } from '../../../../scripts/test/apertium-url';
import { createGlossary } from '../glossary/load-glossary';
import { createApertiumTranslator } from '../providers/apertium';
import {
  cellebritePreamble,
  chatHeader,
  chatRows,
  readCsvOutput,
  temporaryDirectory,
  writeExport,
} from './__fixtures__/job-fixtures';
import { translateFile } from './translate-file';

// Real Apertium APY (started on loopback by the vitest global setup), real files, no fakes: the path a
// user's Cellebrite export takes through `toex translate --provider apertium`.

const bodies = [
  'hola',
  'gracias',
  'Vale.\r\nLlevo el paquete 📦\r\nNo se lo digas a nadie',
  '=SUMA(A1:A3) euros',
  '',
  '👍👍',
  'https://example.invalid/foto.jpg',
  'Muchas gracias',
  'hola',
  'El coche está en el garaje',
  '+447700900789 es el número nuevo, "el de siempre" ya no',
  'I will be there at ten tonight, do not be late',
  'Llego en cinco minutos',
];
// Translations this engine gives reliably (Apertium is rule-based and deterministic).
const known: Record<string, string> = {
  hola: 'hello',
  gracias: 'thank you',
  'Muchas gracias': 'Thank you very much',
  'El coche está en el garaje': 'The car is in the garage',
  'Llego en cinco minutos': 'I arrive in five minutes',
};
const skipped: Record<string, string> = {
  '': 'skipped:empty',
  '👍👍': 'skipped:no-letters',
  'https://example.invalid/foto.jpg': 'skipped:url-only',
};

let directory: { path: string; remove: () => Promise<void> };
let input: string;
const rows = chatRows(bodies);

beforeEach(async () => {
  directory = await temporaryDirectory();
  // UTF-16 LE with a byte-order mark, CRLF, a three-line preamble and multi-line cells, as Cellebrite writes.
  input = await writeExport(join(directory.path, 'chats.csv'), {
    preamble: cellebritePreamble,
    header: chatHeader,
    rows,
    encoding: 'utf-16le-bom',
  });
});
afterEach(() => directory.remove());

/** The output's records split into preamble, header and data rows (original columns, added columns). */
async function readOutput(path: string) {
  const { bytes, records } = await readCsvOutput(path);
  const data = records.slice(cellebritePreamble.length + 1);
  return {
    bytes,
    preamble: records.slice(0, cellebritePreamble.length),
    header: records[cellebritePreamble.length],
    original: data.map((record) => record.slice(0, chatHeader.length)),
    body: data.map((record) => record[chatHeader.indexOf('Body')]!),
    english: data.map((record) => record[chatHeader.length]!),
    language: data.map((record) => record[chatHeader.length + 1]!),
    status: data.map((record) => record[chatHeader.length + 2]!),
    widths: data.map((record) => record.length),
  };
}

describe('translateFile with a real Apertium engine', () => {
  it('translates a UTF-16, preamble-headed Cellebrite export with every row, in order, and an exact manifest', async () => {
    const apertiumUrl = apertiumUrlForTests();
    const output = join(directory.path, 'chats.en.csv');
    const before = Date.now();
    const result = await translateFile({
      input,
      output,
      provider: createApertiumTranslator({ baseUrl: apertiumUrl }),
      from: 'es',
      to: ['en'],
    });
    const after = Date.now();
    const out = await readOutput(output);

    // Excel-ready: UTF-8 with a byte-order mark, whatever the input encoding was.
    expect([...out.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(result.input.encoding.name).toBe('utf-16le');
    expect(out.preamble).toEqual(cellebritePreamble.map((line) => [line]));
    expect(out.header).toEqual([...chatHeader, 'Body_en', 'Body_lang', 'toex_status', 'toex_flags']);

    // Every input row, in order, its original cells unchanged (formula-looking cells neutralised for Excel).
    expect(out.original).toEqual(rows.map((row) => row.map(neutraliseSpreadsheetFormula)));
    expect(out.widths).toEqual(rows.map(() => chatHeader.length + 4));
    expect(out.status).toEqual(bodies.map((body) => skipped[body] ?? 'ok'));
    expect(out.language).toEqual(bodies.map((body) => (body in skipped ? '' : 'es')));
    bodies.forEach((body, index) => {
      const english = out.english[index]!;
      if (body in known) expect(english).toBe(known[body]);
      // Skipped cells read the same in any language and are copied through.
      else if (body in skipped) expect(english).toBe(body);
      else expect(english).not.toBe('');
    });

    // A multi-line message stays one cell, its line breaks and emoji where they were.
    const multiLine = out.english[2]!.split('\r\n');
    expect(multiLine).toHaveLength(3);
    expect(multiLine[1]).toContain('📦');
    expect(out.body[2]).toBe(bodies[2]);
    // Cells a spreadsheet would run as formulas are neutralised, in the original and the translation.
    expect(out.body[3]).toBe("'=SUMA(A1:A3) euros");
    expect(out.english[3]).toMatch(/^'=/);
    expect(out.body[10]).toMatch(/^'\+447700900789 /);
    expect(out.english[10]).toMatch(/^'\+447700900789 /);

    // The manifest: an evidential record of exactly this input and output.
    const manifest = await readManifest(result.manifestPath);
    expect(manifest).toEqual(result.manifest);
    expect(result.manifestPath).toBe(`${output}.manifest.json`);
    const inputDigest = await sha256File(input);
    expect(manifest.input).toMatchObject({
      path: input,
      sha256: inputDigest.sha256,
      bytes: inputDigest.bytes,
    });
    const outputDigest = await sha256File(output);
    expect(manifest.output).toMatchObject({
      path: output,
      sha256: outputDigest.sha256,
      bytes: (await stat(output)).size,
    });
    expect(manifest.provider).toMatchObject({ id: 'apertium', endpoint: manifestEndpoint(apertiumUrl) });
    expect(manifest.provider.endpoint).toContain(new URL(apertiumUrl).host);
    const translatable = bodies.filter((body) => !(body in skipped));
    expect(manifest.counts).toMatchObject({
      rows: bodies.length,
      segments: translatable.length,
      // `hola` comes twice and is translated once.
      uniqueSegments: new Set(translatable).size,
      skipped: Object.keys(skipped).length,
      failed: 0,
    });
    // A self-hosted engine bills nothing and reports no metering: zero cost, never an unknown one.
    expect(manifest.billing).toMatchObject({ unit: 'characters', characters: 0, meteredCharacters: null });
    expect(manifest.cost).toMatchObject({ currency: 'GBP' });
    expect(Number(manifest.cost?.amount)).toBe(0);
    expect(manifest.toexVersion).toBe(coreVersion);
    expect(Date.parse(manifest.startedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(manifest.finishedAt)).toBeGreaterThanOrEqual(Date.parse(manifest.startedAt));
    expect(Date.parse(manifest.finishedAt)).toBeLessThanOrEqual(after + 1);
    expect(result).toMatchObject({
      rows: bodies.length,
      failedRows: 0,
      skippedRows: 3,
      stoppedBy: undefined,
    });
  });

  it('with `from` omitted, detects each message locally: the Spanish is translated as with `from`, English kept', async () => {
    const provider = createApertiumTranslator({ baseUrl: apertiumUrlForTests() });
    const withFrom = join(directory.path, 'chats.es.csv');
    await translateFile({ input, output: withFrom, provider, from: 'es', to: ['en'] });
    const output = join(directory.path, 'chats.auto.csv');
    const result = await translateFile({ input, output, provider, to: ['en'] });
    const reference = await readOutput(withFrom);
    const out = await readOutput(output);
    const english = bodies.indexOf('I will be there at ten tonight, do not be late');
    // Already in the target language: copied through, marked, and not sent.
    expect(out.status).toEqual(
      bodies.map((body, index) => (index === english ? 'skipped:target-language' : (skipped[body] ?? 'ok'))),
    );
    expect(out.language[english]).toBe('en');
    expect(out.english[english]).toBe(bodies[english]);
    // Every other message: detected as Spanish (or, too short to tell, taken as the engine's only source
    // language) and translated exactly as when the user says `--from es`.
    const others = (values: string[]) => values.filter((_, index) => index !== english);
    expect(others(out.english)).toEqual(others(reference.english));
    expect(others(out.language)).toEqual(others(reference.language));
    expect(out.original).toEqual(reference.original);
    expect(result).toMatchObject({ rows: bodies.length, failedRows: 0, skippedRows: 4 });
  });

  it('keeps translating the other languages when the engine lacks the pair of one detected language', async () => {
    // A chat that starts in Italian (no ita→eng pair installed) and goes on in Spanish.
    const italian = Array.from(
      { length: 60 },
      (_, index) => `Ci vediamo domani alle dieci, porta il pacco numero ${index}`,
    );
    const spanish = Array.from({ length: 400 }, (_, index) => `El coche ${index} está en el garaje`);
    const mixed = await writeExport(join(directory.path, 'mixed.csv'), {
      header: chatHeader,
      rows: chatRows([...italian, ...spanish]),
    });
    const output = join(directory.path, 'mixed.en.csv');
    const result = await translateFile({
      input: mixed,
      output,
      provider: createApertiumTranslator({ baseUrl: apertiumUrlForTests() }),
      to: ['en'],
    });
    const { records } = await readCsvOutput(output);
    const status = records.slice(1).map((record) => record.at(-2));
    expect(status).toEqual([...italian.map(() => 'failed:unsupported_language'), ...spanish.map(() => 'ok')]);
    expect(records.slice(1 + italian.length).map((record) => record[chatHeader.length])).toEqual(
      spanish.map((_, index) => `The car ${index} is in the garage`),
    );
    expect(result.failedRows).toBe(italian.length);
    // The job did not stop: only the Italian requests failed.
    expect(result.stoppedBy).toBeUndefined();
  });

  it.each([
    ['', false],
    [' and Apertium marks unknown words', true],
  ])(
    'applies a glossary end to end%s: the protected term survives and comes out as its translation',
    async (_, markUnknownWords) => {
      const slang = await writeExport(join(directory.path, 'slang.csv'), {
        preamble: cellebritePreamble,
        header: chatHeader,
        rows: chatRows([
          'Tengo el perico en casa',
          '¿Tienes perico?',
          'El perico y la farlopa están listos',
          'PERICO.',
          // WhatsApp bold: the sender's asterisks stay.
          'Trae el *perico* ya',
          'hola',
        ]),
        encoding: 'utf-16le-bom',
      });
      const output = join(directory.path, 'slang.en.csv');
      const result = await translateFile({
        input: slang,
        output,
        provider: createApertiumTranslator({ baseUrl: apertiumUrlForTests(), markUnknownWords }),
        from: 'es',
        to: ['en'],
        glossary: createGlossary([
          { term: 'perico', translation: 'cocaine' },
          { term: 'farlopa', translation: 'cocaine (powder)' },
        ]),
      });
      const out = await readOutput(output);
      // Never `*cocaine`: the engine's unknown-word mark on the placeholder is not the term's.
      expect(out.english).toEqual([
        'Have the cocaine home',
        'Have cocaine?',
        'The cocaine and the cocaine (powder) are ready',
        'cocaine.',
        'It brings the *cocaine* already',
        'hello',
      ]);
      expect(out.status).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
      // Nothing was lost and appended in brackets: every placeholder came back from the engine.
      expect(result.manifest.counts.glossaryTermsLost).toBe(0);
    },
  );
});
