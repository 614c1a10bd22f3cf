import { describe, expect, it } from 'vitest';
import { countCharacters } from './count-characters';

describe('countCharacters', () => {
  it.each([
    ['Hello, world!', 13, 13, 13],
    ['👍', 2, 1, 1],
    // A family emoji: 3 people joined by 2 zero-width joiners.
    ['👨‍👩‍👧', 8, 5, 1],
    // "é" written as e + combining acute accent.
    ['e\u0301', 2, 2, 1],
    ['مرحبا بالعالم', 13, 13, 13],
    ['', 0, 0, 0],
  ])('counts %j as %i UTF-16 units, %i code points, %i graphemes', (text, utf16, codepoints, graphemes) => {
    expect(countCharacters(text, 'utf16')).toBe(utf16);
    expect(countCharacters(text, 'codepoints')).toBe(codepoints);
    expect(countCharacters(text, 'graphemes')).toBe(graphemes);
  });

  it('counts whitespace and markup', () => {
    expect(countCharacters(' <b>a</b>\t\n', 'utf16')).toBe(11);
  });
});
