import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { skipReason } from './skip';

describe('skipReason', () => {
  it.each([
    ['', 'empty'],
    ['   \n\t', 'whitespace'],
    ['07700 900123', 'no-letters'],
    ['😂😂👍', 'no-letters'],
    ['?!... 12:30', 'no-letters'],
    ['https://example.org/a?b=c', 'url-only'],
    ['www.example.com http://x.test', 'url-only'],
  ])('skips %j as %s', (text, reason) => {
    expect(skipReason(text)).toBe(reason);
  });

  it.each([
    ['image omitted', 'media'],
    ['Marta Díaz creó el grupo "Envíos"', 'system'],
    ['', 'media'],
  ] as const)('skips %j of kind %s for its kind, whatever its words', (text, kind) => {
    expect(skipReason(text, kind)).toBe(kind);
  });

  it('treats a text of kind message like a text with no kind', () => {
    expect(skipReason('hola', 'message')).toBeUndefined();
    expect(skipReason('👍', 'message')).toBe('no-letters');
  });

  it.each(['hola', 'ok 👍', 'مرحبا', '你好', 'mira https://example.org', 'Te llamo a las 5'])(
    'translates %j',
    (text) => {
      expect(skipReason(text)).toBeUndefined();
    },
  );
});

describe('skipReason on URLs (property)', () => {
  it('calls a text url-only exactly when every word is a URL', () => {
    const word = fc.constantFrom(
      'https://x.test/a',
      'www.example.org',
      'FTP://h/p',
      'hola',
      'http:',
      '//x',
      'www',
      '😂',
    );
    const space = fc.constantFrom(' ', '\n', '\t', '  ');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, space), { minLength: 1, maxLength: 6 }), (pairs) => {
        const text = pairs.map(([each, gap]) => each + gap).join('');
        const words = text.trim().split(/\s+/);
        const allUrls = words.every((each) => /^(?:(?:https?|ftp):\/\/|www\.)\S+$/i.test(each));
        const hasLetters = /\p{L}/u.test(text);
        expect(skipReason(text) === 'url-only').toBe(hasLetters && allUrls);
      }),
    );
  });
});
