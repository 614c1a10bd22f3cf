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

  it.each(['hola', 'ok 👍', 'مرحبا', '你好', 'mira https://example.org', 'Te llamo a las 5'])(
    'translates %j',
    (text) => {
      expect(skipReason(text)).toBeUndefined();
    },
  );
});
