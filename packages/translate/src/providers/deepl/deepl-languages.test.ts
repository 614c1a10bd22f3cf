import { describe, expect, it } from 'vitest';
import { toDeeplGlossaryLanguage, toDeeplSourceLanguage, toDeeplTargetLanguage } from './deepl-languages';

// https://developers.deepl.com/docs/getting-started/supported-languages

describe('toDeeplTargetLanguage', () => {
  it.each([
    ['en', 'EN-GB'],
    ['en-GB', 'EN-GB'],
    ['en_gb', 'EN-GB'],
    ['en-AU', 'EN-GB'],
    ['en-US', 'EN-US'],
    ['pt', 'PT-PT'],
    ['pt-PT', 'PT-PT'],
    ['pt-BR', 'PT-BR'],
    ['zh', 'ZH-HANS'],
    ['zh-Hans', 'ZH-HANS'],
    ['zh-CN', 'ZH-HANS'],
    ['zh-Hant', 'ZH-HANT'],
    ['zh-TW', 'ZH-HANT'],
    ['zh-Hans-HK', 'ZH-HANS'],
    ['es', 'ES'],
    ['es-ES', 'ES'],
    ['es-419', 'ES-419'],
    ['es-MX', 'ES-419'],
    ['no', 'NB'],
    ['nb', 'NB'],
    ['de-AT', 'DE'],
    ['ar', 'AR'],
  ])('maps %s to %s', (code, expected) => {
    expect(toDeeplTargetLanguage(code)).toBe(expected);
  });
});

describe('toDeeplSourceLanguage', () => {
  it.each([
    ['en-GB', 'EN'],
    ['pt-BR', 'PT'],
    ['zh-Hant', 'ZH'],
    ['es', 'ES'],
    ['nn', 'NB'],
  ])('maps %s to %s, never with a variant', (code, expected) => {
    expect(toDeeplSourceLanguage(code)).toBe(expected);
  });
});

describe('toDeeplGlossaryLanguage', () => {
  it('uses lower-case base codes, as glossary dictionaries do', () => {
    expect(toDeeplGlossaryLanguage('EN-GB')).toBe('en');
    expect(toDeeplGlossaryLanguage('zh-Hant')).toBe('zh');
  });
});
