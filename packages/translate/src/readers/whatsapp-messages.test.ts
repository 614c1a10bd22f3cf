import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWhatsAppText } from './whatsapp-messages';

interface Generated {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  sender: string;
  lines: string[];
}

const pad = (value: number) => String(value).padStart(2, '0');
const twelve = (hour: number) => (hour % 12 === 0 ? 12 : hour % 12);

// How each phone writes a message's first line. Day-first layouts use a 24-hour clock and month-first
// ones a 12-hour clock, as the reader assumes when no day in a file is above 12.
const variants = {
  'Android, 24-hour, day-first': (m: Generated) =>
    `${pad(m.day)}/${pad(m.month)}/${m.year}, ${pad(m.hour)}:${pad(m.minute)} - ${m.sender}: `,
  'Android, 24-hour, dotted day-first (German)': (m: Generated) =>
    `${pad(m.day)}.${pad(m.month)}.${String(m.year).slice(2)}, ${pad(m.hour)}:${pad(m.minute)} - ${m.sender}: `,
  'Android, 12-hour "p. m.", month-first': (m: Generated) =>
    `${m.month}/${m.day}/${String(m.year).slice(2)}, ${twelve(m.hour)}:${pad(m.minute)} ${m.hour < 12 ? 'a. m.' : 'p. m.'} - ${m.sender}: `,
  'iOS, 12-hour with U+202F and U+200E, month-first': (m: Generated) =>
    `\u200e[${m.month}/${m.day}/${String(m.year).slice(2)}, ${twelve(m.hour)}:${pad(m.minute)}:${pad(m.second)}\u202f${m.hour < 12 ? 'AM' : 'PM'}] ${m.sender}: `,
  'iOS, 24-hour, day-first': (m: Generated) =>
    `[${pad(m.day)}/${pad(m.month)}/${m.year}, ${pad(m.hour)}:${pad(m.minute)}:${pad(m.second)}] ${m.sender}: `,
} as const;
const withSeconds = new Set(['iOS, 12-hour with U+202F and U+200E, month-first', 'iOS, 24-hour, day-first']);

// Text without digits cannot look like a date stamp; it does hold colons, brackets, accents and emoji.
const letters = fc.constantFrom(...'abcxyzñéüçØЖж你 ,.:;!?¿¡"\'()[]-😀👍'.split(/(?:)/u));
const line = fc.array(letters, { maxLength: 30 }).map((characters) => characters.join(''));
const sender = fc
  .array(fc.constantFrom(...'AbcDéñЖ你 -'.split(/(?:)/u)), { minLength: 1, maxLength: 12 })
  .map((characters) => characters.join('').trim())
  .filter((name) => name !== '' && !name.startsWith('-'));
const message = fc.record({
  year: fc.integer({ min: 2010, max: 2030 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
  sender,
  // The first line must start with something visible, or "Name: " would end the line.
  lines: fc
    .tuple(
      line.filter((text) => /^\S/u.test(text)),
      fc.array(line, { maxLength: 3 }),
    )
    .map(([first, rest]) => [first, ...rest]),
});

describe('parseWhatsAppText (property)', () => {
  it.each(Object.keys(variants) as Array<keyof typeof variants>)(
    'reads back every generated message written in the %s layout, in order, text intact',
    (variant) => {
      fc.assert(
        fc.property(
          fc.array(message, { minLength: 1, maxLength: 8 }),
          fc.constantFrom('\n', '\r\n'),
          (messages, eol) => {
            const text = messages.map((m) => variants[variant](m) + m.lines.join(eol)).join(eol) + eol;
            const parsed = parseWhatsAppText(text, { chat: '', sourceName: 'chat.txt' });
            expect(parsed.map((m) => ({ sender: m.sender, text: m.text, time: m.time }))).toEqual(
              messages.map((m) => ({
                sender: m.sender,
                text: m.lines.join('\n'),
                time:
                  `${m.year}-${pad(m.month)}-${pad(m.day)}T${pad(m.hour)}:${pad(m.minute)}` +
                  (withSeconds.has(variant) ? `:${pad(m.second)}` : ''),
              })),
            );
          },
        ),
        { numRuns: 200 },
      );
    },
  );
});
