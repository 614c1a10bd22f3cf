import { describe, expect, it } from 'vitest';
import { chatFixture, chatRows } from '../__fixtures__/chat-rows';
import { readFacebook } from './facebook-reader';
import { repairMojibake } from './repair-mojibake';

describe('readFacebook, a message_1.json with Latin-1 mojibake', () => {
  it('gives every message once in the file order, mojibake repaired in text, sender and chat', async () => {
    const document = await readFacebook(chatFixture('message_1.json'));
    const rows = await chatRows(document);
    expect(rows.map((row) => [row.time, row.sender, row.text, row.kind])).toEqual([
      ['2023-11-14T22:21:40Z', 'Iñaki Peña', 'Vale 👍 nos vemos allí', 'message'],
      ['2023-11-14T22:20:00Z', 'Sofía Núñez', 'Llevo el sobre.\nNo se lo digas a nadie.', 'message'],
      ['2023-11-14T22:18:20Z', 'Sofía Núñez', '', 'media'],
      ['2023-11-14T22:16:40Z', 'Iñaki Peña', 'Iñaki llamó a Sofía.', 'system'],
      ['2023-11-14T22:15:50Z', 'Iñaki Peña', '', 'media'],
      ['2023-11-14T22:15:00Z', 'Sofía Núñez', '¿Dónde estás? Ya es tarde…', 'message'],
      ['2023-11-14T22:13:20Z', 'Iñaki Peña', 'Hola Sofía, ¿qué tal?', 'message'],
    ]);
    expect(new Set(rows.map((row) => row.chat))).toEqual(new Set(['Sofía Núñez']));
    expect(rows.map((row) => row.source)).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((index) => `message_1.json: messages[${index}]`),
    );
    expect(document.layout).toContain('mojibake found and repaired');
  });
});

describe('repairMojibake', () => {
  it.each([
    ['Rados\u00c5\u0082aw', 'Radosław'],
    ['\u00f0\u009f\u0098\u00a0', '😠'],
    ['plain ascii', 'plain ascii'],
    // Already correct text is never damaged: é alone is not valid UTF-8 as a byte, “ is beyond Latin-1.
    ['José', 'José'],
    ['\u201cquoted\u201d Ã©', '\u201cquoted\u201d Ã©'],
  ])('repairs %j to %j', (input, expected) => {
    expect(repairMojibake(input)).toBe(expected);
  });
});
