import { registerSecret } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { recordedCommandLine } from './command-line';

describe('recordedCommandLine', () => {
  it('quotes what a shell would split, and keeps the rest as typed', () => {
    expect(recordedCommandLine(['translate', 'My Export.csv', '--to', 'en', '--case', "O'Brien/1"])).toBe(
      "toex translate 'My Export.csv' --to en --case 'O'\\''Brien/1'",
    );
  });

  it('never records credentials', () => {
    const secret = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    registerSecret(secret);
    const line = recordedCommandLine([
      'translate',
      'x.csv',
      '--endpoint',
      `https://user:${secret}@example.org/translate?key=${secret}`,
      '--org',
      secret,
    ]);
    expect(line).not.toContain(secret);
    expect(line).toContain('example.org/translate');
  });
});
