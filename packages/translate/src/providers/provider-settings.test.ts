import { ConfigurationError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { createApertiumTranslator } from './apertium';
import { createAzureTranslator } from './azure';
import { createDeeplTranslator } from './deepl';

// Plain JavaScript callers get no compiler check: a misspelt option must fail loudly, naming the right
// one, rather than be ignored (a `key` ignored means every request is refused later, for no visible reason).
describe('provider settings are checked at run time', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'Azure',
      () => createAzureTranslator({ key: 'k' } as never),
      /createAzureTranslator: unknown option "key" \(did you mean "apiKey"\?\)/,
    ],
    [
      'DeepL',
      () => createDeeplTranslator({ authKey: 'k' } as never),
      /createDeeplTranslator: unknown option "authKey"/,
    ],
    [
      'Apertium',
      () => createApertiumTranslator({ url: 'http://127.0.0.1:2737' } as never),
      /createApertiumTranslator: unknown option "url" \(did you mean "baseUrl"\?\)/,
    ],
    ['a wrong type', () => createAzureTranslator({ timeoutMs: '10' } as never), /"timeoutMs"/],
  ];
  for (const [name, create, message] of cases) {
    it(`refuses ${name}'s misspelt or mistyped option`, () => {
      let caught: unknown;
      try {
        create();
      } catch (error) {
        caught = error;
      }
      expect(ConfigurationError.isInstance(caught)).toBe(true);
      expect((caught as Error).message).toMatch(message);
    });
  }

  it('accepts the documented options', () => {
    expect(() =>
      createAzureTranslator({ apiKey: 'k', region: 'uksouth', fetch: globalThis.fetch }),
    ).not.toThrow();
    expect(() => createDeeplTranslator({ apiKey: 'k:fx', formality: 'less' })).not.toThrow();
    expect(() => createApertiumTranslator({ baseUrl: 'http://127.0.0.1:2737' })).not.toThrow();
  });
});
