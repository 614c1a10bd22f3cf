import { describe, expect, it } from 'vitest';
import { createFakeTranslator } from '../testing/fake-translator';
import { PipelineStats } from './pipeline-stats';
import { type PipelineInputRow, translateRows } from './translate-rows';

// Regression: a text seen again after its first translation had come back is answered at once from the
// recent results, while its row is being admitted. That used to count the cell off its row before the row
// had counted it on, so the row never completed and the job waited forever.

interface Row extends PipelineInputRow {
  id: number;
}

async function translateAll(rows: Row[], maxCharactersPerItem?: number) {
  const provider = createFakeTranslator(
    maxCharactersPerItem === undefined ? {} : { limits: { maxCharactersPerItem } },
  );
  const stats = new PipelineStats();
  const output = [];
  for await (const row of translateRows(rows, {
    provider,
    to: ['en'],
    from: 'es',
    send: (request, _measure, signal) => provider.translate(request, { signal }),
    stats,
    // One row in flight: each request is sent and answered before the next row is read.
    maxRowsInFlight: 1,
  })) {
    output.push(row);
  }
  return { output, stats, provider };
}

describe('translateRows with texts repeated after their translation came back', () => {
  it('completes every row and sends the text once', async () => {
    const rows = ['hola', 'vale', 'hola', 'hola', 'vale'].map((text, id) => ({
      id,
      texts: [{ column: 'Body', text }],
    }));
    const { output, stats, provider } = await translateAll(rows);
    expect(output.map((row) => row.row.id)).toEqual([0, 1, 2, 3, 4]);
    expect(output.map((row) => row.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(output[3]!.texts[0]!.translations).toEqual({ en: '[en] HOLA' });
    expect(provider.calls.flatMap((call) => call.texts)).toEqual(['hola', 'vale']);
    expect(stats).toMatchObject({ rowsDone: 5, duplicateSegments: 3, sentSegments: 2 });
  }, 5_000);

  it('completes a row whose one cell is repeated and whose other cell must be sent', async () => {
    const rows = [
      { id: 0, texts: [{ column: 'Body', text: 'hola' }] },
      {
        id: 1,
        texts: [
          { column: 'Body', text: 'hola' },
          { column: 'Note', text: 'nueva nota' },
        ],
      },
    ];
    const { output } = await translateAll(rows);
    expect(output.map((row) => row.texts.map((text) => text.translations.en))).toEqual([
      ['[en] HOLA'],
      ['[en] HOLA', '[en] NUEVA NOTA'],
    ]);
  }, 5_000);

  it('completes a long text split into parts that were all translated before', async () => {
    const long = 'Primera frase aquí. Segunda frase allí. Tercera frase luego.';
    const rows = [long, long].map((text, id) => ({ id, texts: [{ column: 'Body', text }] }));
    const { output, provider } = await translateAll(rows, 24);
    expect(output.map((row) => row.status)).toEqual(['ok', 'ok']);
    expect(output[1]!.texts[0]!.translations.en).toBe(output[0]!.texts[0]!.translations.en);
    expect(provider.calls.flatMap((call) => call.texts).length).toBeGreaterThan(1);
  }, 5_000);
});
