import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { chatFixture, chatRows } from '../__fixtures__/chat-rows';
import { repairJsonEscapes } from './read-json-document';
import type { ReaderWarning } from './source-row';
import { readTelegram, telegramTime } from './telegram-reader';

describe('readTelegram, a full-account export with two chats', () => {
  const file = chatFixture('result.json');

  it('gives every message of every chat once, in order, entity arrays joined as written', async () => {
    const warnings: ReaderWarning[] = [];
    const rows = await chatRows(await readTelegram(file, { onWarning: (warning) => warnings.push(warning) }));
    expect(rows.map((row) => [row.chat, row.sender, row.text, row.kind])).toEqual([
      ['Envíos', 'Carlos Ruiz', '', 'system'],
      ['Envíos', 'Carlos Ruiz', 'Hola a todos. El camión sale el martes por la noche.', 'message'],
      ['Envíos', 'Marta Díaz', '¿Dónde? Manda la ubicación por aquí ahora.', 'message'],
      ['Envíos', 'Carlos Ruiz', 'Mañana te digo.\nNo uses el número de antes.', 'message'],
      ['Envíos', 'Carlos Ruiz', '', 'media'],
      // A deleted account: `from` is null. The \x0B escape is read as the control character it stands for.
      ['Envíos', '', 'Soy yo, cambié de cuenta.\u000b', 'message'],
      ['Envíos', 'Marta Díaz', '', 'system'],
      ['Lucía', 'Lucía', '@carlos_r ¿vienes? #sábado', 'message'],
      // A caption under a photo is someone's words: it is translated.
      ['Lucía', 'Carlos Ruiz', 'Mira esto', 'message'],
      ['Lucía', 'Carlos Ruiz', '', 'media'],
    ]);
    expect(rows.map((row) => row.source)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7].map((id) => `result.json: chat 4000000123, message ${id}`),
      ...[10, 11, 12].map((id) => `result.json: chat 5550003, message ${id}`),
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.code).toBe('repaired_json');
    expect(warnings[0]?.message).toContain('1 invalid \\xNN escape');
  });

  it('writes times from date_unixtime with the offset the local "date" shows (winter and summer)', async () => {
    const rows = await chatRows(await readTelegram(file));
    expect(rows[0]?.time).toBe('2023-03-07T21:00:00+01:00');
    expect(rows[7]?.time).toBe('2023-07-01T10:00:00+02:00');
  });

  it('describes what it read', async () => {
    const document = await readTelegram(file);
    expect(document.layout).toContain('Telegram Desktop JSON, 2 chats, 10 messages');
    expect(document.layout).toContain('1 invalid \\xNN escapes repaired');
    await document.close();
  });
});

describe('telegramTime', () => {
  it('uses UTC when there is no local date to take an offset from', () => {
    expect(telegramTime({ date_unixtime: '1544006350' })).toBe('2018-12-05T10:39:10Z');
  });

  it('ignores a local date that implies no real offset', () => {
    expect(telegramTime({ date_unixtime: '1544006350', date: '2018-12-05T10:40:17' })).toBe(
      '2018-12-05T10:39:10Z',
    );
  });
});

describe('repairJsonEscapes', () => {
  it('rewrites \\xNN as \\u00NN and leaves an escaped backslash followed by x alone', () => {
    const repaired = repairJsonEscapes(String.raw`{"a":"x\x0By","b":"C:\\x41"}`);
    expect(repaired.repaired).toBe(1);
    expect(JSON.parse(repaired.text)).toEqual({ a: 'x\u000by', b: 'C:\\x41' });
  });
});

describe('readTelegram on a stream cut at every byte', () => {
  it('repairs escapes split across chunks exactly as in one piece', async () => {
    const json = String.raw`{"name":"A","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message","date_unixtime":"0","from":"B","text":"x\x0By\\x41\\\x0Cz"}]}`;
    const bytes = new TextEncoder().encode(json);
    async function* byteByByte() {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    const warnings: ReaderWarning[] = [];
    const rows = await chatRows(
      await readTelegram(byteByByte(), { onWarning: (warning) => warnings.push(warning) }),
    );
    expect(rows.map((row) => row.text)).toEqual(['x\u000by\\x41\\\u000cz']);
    expect(warnings[0]?.message).toContain('2 invalid');
  });
});

describe('readTelegram errors', () => {
  it('names a JSON file that is not a Telegram export', async () => {
    const error = await readTelegram(new TextEncoder().encode('{"hello": 1}'), { file: 'x.json' }).catch(
      (caught: unknown) => caught,
    );
    expect(InputError.isInstance(error) && error.code).toBe('not_telegram');
  });

  it('names the line of a syntax error', async () => {
    const error = await readTelegram(new TextEncoder().encode('{\n "messages": [\n  {,}\n ]\n}'), {
      file: 'x.json',
    }).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error) && error.code).toBe('invalid_json');
    expect((error as InputError).message).toContain('x.json:3');
  });
});
