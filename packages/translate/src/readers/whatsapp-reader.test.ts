import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { chatFixture, chatRows } from '../__fixtures__/chat-rows';
import type { ReaderWarning } from './source-row';
import { chatNameFromFileName, readWhatsApp } from './whatsapp-reader';

describe('readWhatsApp, Android export (24-hour clock, day-first dates, CRLF)', () => {
  const file = chatFixture('WhatsApp Chat with Marta Díaz.txt');

  it('gives every message once, in order, text intact, multi-line messages in one cell', async () => {
    const document = await readWhatsApp(file);
    expect(document.header).toEqual(['time', 'sender', 'chat', 'text']);
    expect(document.trailingColumns).toEqual(['source']);
    const rows = await chatRows(document);
    expect(rows.map((row) => [row.time, row.sender, row.text, row.kind])).toEqual([
      [
        '2023-03-12T21:00',
        '',
        'Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.',
        'system',
      ],
      ['2023-03-12T21:01', '', 'Marta Díaz creó el grupo "Envíos"', 'system'],
      ['2023-03-12T21:02', '', 'Marta Díaz añadió a \u202a+34 600 000 111\u202c', 'system'],
      ['2023-03-12T21:05', 'Marta Díaz', 'Hola, ¿estás libre esta noche?', 'message'],
      [
        '2023-03-12T21:06',
        '+34 600 000 111',
        'Sí, después de las nueve\npero no en mi casa\n\nmejor en el bar',
        'message',
      ],
      ['2023-03-12T21:07', 'Marta Díaz', '<Media omitted>', 'media'],
      ['2023-03-13T08:15', 'Marta Díaz', '👍', 'message'],
      ['2023-03-13T08:16', '+34 600 000 111', 'El camión llega el martes: trae los papeles.', 'message'],
      ['2023-03-13T23:59', 'Marta Díaz', 'https://example.org/mapa', 'message'],
    ]);
    expect(new Set(rows.map((row) => row.chat))).toEqual(new Set(['Marta Díaz']));
    expect(rows.map((row) => row.source)).toEqual(
      [1, 2, 3, 4, 5, 9, 10, 11, 12].map((line) => `WhatsApp Chat with Marta Díaz.txt:${line}`),
    );
  });

  it('says how the layout and the date order were decided, and that times have no zone', async () => {
    const document = await readWhatsApp(file);
    expect(document.layout).toContain('Android layout, 24-hour clock');
    expect(document.layout).toContain('day-first: 13/03/2023 has a first number above 12');
    expect(document.layout).toContain('without an offset');
    await document.close();
  });
});

describe('readWhatsApp, iOS export (12-hour clock with U+202F, month-first dates, U+200E marks)', () => {
  const file = chatFixture('_chat.txt');

  it('gives every message once, in order, with 12-hour times converted and placeholders marked', async () => {
    const rows = await chatRows(await readWhatsApp(file));
    expect(rows.map((row) => [row.time, row.sender, row.text, row.kind])).toEqual([
      [
        '2024-03-14T09:27:01',
        'Pedro Gil',
        '\u200eMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
        'system',
      ],
      ['2024-03-14T09:27:45', 'Pedro Gil', '¿Has visto a Lucía hoy?', 'message'],
      ['2024-03-14T09:28:02', 'Pedro Gil', '\u200eimage omitted', 'media'],
      [
        '2024-03-14T09:30:10',
        'Ana Ruiz',
        'No. Me dijo que vendría\na las cinco: "no llegues tarde"',
        'message',
      ],
      ['2024-03-14T12:05:00', 'Ana Ruiz', '<attached: 00000042-PHOTO-2024-03-14-12-05-00.jpg>', 'media'],
      ['2024-03-14T12:41:33', 'Pedro Gil', 'Vale, gracias.', 'message'],
      ['2024-03-15T00:00:00', 'Ana Ruiz', '¿Dónde está el coche?', 'message'],
    ]);
    // iOS's `_chat.txt` does not name the chat.
    expect(rows.every((row) => row.chat === '')).toBe(true);
  });

  it('reads the dates month-first because a second number is above 12', async () => {
    const document = await readWhatsApp(file);
    expect(document.layout).toContain('iOS layout, 12-hour clock');
    expect(document.layout).toContain('month-first: 3/14/24 has a second number above 12');
    await document.close();
  });
});

describe('readWhatsApp, date order', () => {
  const read = async (text: string, warnings: ReaderWarning[] = []) => {
    const document = await readWhatsApp(new TextEncoder().encode(text), {
      file: 'chat.txt',
      onWarning: (warning) => warnings.push(warning),
    });
    return { layout: document.layout, rows: await chatRows(document) };
  };

  it('decides the order from a late date, not only the first lines', async () => {
    const lines = Array.from({ length: 30 }, (_, day) => `0${(day % 9) + 1}/02/2023, 10:00 - A: hola ${day}`);
    lines.push('03/25/2023, 10:00 - A: al fin');
    const { rows } = await read(`${lines.join('\n')}\n`);
    expect(rows[0]?.time).toBe('2023-01-02T10:00');
    expect(rows.at(-1)?.time).toBe('2023-03-25T10:00');
  });

  it('assumes day-first for a 24-hour clock when no day is above 12, and says it assumed', async () => {
    const { layout, rows } = await read('01/02/2023, 10:00 - A: hola\n');
    expect(rows[0]?.time).toBe('2023-02-01T10:00');
    expect(layout).toContain('day-first, assumed');
  });

  it('warns when the dates contradict each other, keeping every message', async () => {
    const warnings: ReaderWarning[] = [];
    const { rows } = await read('13/01/2023, 10:00 - A: uno\n01/14/2023, 10:00 - A: dos\n', warnings);
    expect(rows.map((row) => row.text)).toEqual(['uno', 'dos']);
    expect(warnings.map((warning) => warning.code)).toContain('date_order');
  });
});

describe('readWhatsApp, a line inside a message that starts with a date', () => {
  it("keeps it in its message when its punctuation is not the file's stamp shape", async () => {
    const lines = Array.from(
      { length: 25 },
      (_, index) => `14/03/2024, 10:${String(index).padStart(2, '0')} - Ana: hola ${index}`,
    );
    lines.splice(5, 0, '12.5.2023 14:00 llegamos a la nave, según el acta');
    const document = await readWhatsApp(new TextEncoder().encode(`${lines.join('\n')}\n`), {
      file: 'chat.txt',
    });
    const rows = await chatRows(document);
    expect(rows).toHaveLength(25);
    expect(rows[4]?.text).toBe('hola 4\n12.5.2023 14:00 llegamos a la nave, según el acta');
  });
});

describe('readWhatsApp errors and names', () => {
  it('refuses a file with no WhatsApp date stamp, pointing to --input-format text', async () => {
    const error = await readWhatsApp(new TextEncoder().encode('hola\nadiós\n')).catch(
      (caught: unknown) => caught,
    );
    expect(InputError.isInstance(error) && error.code).toBe('not_whatsapp');
    expect((error as Error).message).toContain('--input-format text');
  });

  it('takes the chat name from Android file names only', () => {
    expect(chatNameFromFileName('WhatsApp Chat with Ana Pérez.txt')).toBe('Ana Pérez');
    expect(chatNameFromFileName('WhatsApp Chat - Grupo.txt')).toBe('Grupo');
    expect(chatNameFromFileName('_chat.txt')).toBe('');
  });
});
