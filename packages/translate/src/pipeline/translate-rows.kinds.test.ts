import { describe, expect, it } from 'vitest';
import { createFakeTranslator } from '../testing/fake-translator';
import type { TextKind } from './skip';
import { type PipelineInputRow, translateRows } from './translate-rows';

// Chat readers mark media placeholders and system lines by kind. Their words are the app's, not the
// speaker's: the pipeline must keep the rows, mark them, and never send them, whatever they say.
describe('translateRows with text kinds', () => {
  it('keeps media and system rows in order as skipped:media / skipped:system and sends only messages', async () => {
    const provider = createFakeTranslator();
    const rows: PipelineInputRow[] = [
      { texts: [{ column: 'text', text: 'Marta creó el grupo "Envíos"', kind: 'system' as TextKind }] },
      { texts: [{ column: 'text', text: 'Hola, ¿dónde estás?', kind: 'message' as TextKind }] },
      { texts: [{ column: 'text', text: '<Media omitted>', kind: 'media' as TextKind }] },
      { texts: [{ column: 'text', text: 'image omitted', kind: 'media' as TextKind }] },
      { texts: [{ column: 'text', text: 'Llego en cinco minutos' }] },
    ];
    const sentTexts: string[] = [];
    const output = [];
    for await (const row of translateRows(rows, {
      provider,
      to: ['en'],
      from: 'es',
      send: (request, _measure, signal) => {
        sentTexts.push(...request.texts);
        return provider.translate(request, { signal });
      },
    })) {
      output.push(row);
    }
    expect(output.map((row) => row.status)).toEqual([
      'skipped:system',
      'ok',
      'skipped:media',
      'skipped:media',
      'ok',
    ]);
    expect(sentTexts).toEqual(['Hola, ¿dónde estás?', 'Llego en cinco minutos']);
    // Skipped texts are copied through unchanged, as for every other skip reason.
    expect(output[2]!.texts[0]!.translations).toEqual({ en: '<Media omitted>' });
  });
});
