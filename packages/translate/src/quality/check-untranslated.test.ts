import { describe, expect, it } from 'vitest';
import { checkUntranslated, stillInSourceLanguage } from './check-untranslated';

describe('checkUntranslated', () => {
  it('flags an output equal to its source once whitespace and case are normalised', () => {
    expect(
      checkUntranslated({
        source: 'Nos vemos  mañana',
        translation: ' nos vemos mañana ',
        from: 'es',
        to: 'en',
      }),
    ).toBe('untranslated');
  });

  it('does not flag a changed output, or a copied word too short to matter', () => {
    expect(
      checkUntranslated({
        source: 'Nos vemos mañana',
        translation: 'See you tomorrow',
        from: 'es',
        to: 'en',
      }),
    ).toBe('translated');
    expect(checkUntranslated({ source: 'ok', translation: 'ok', to: 'en' })).toBe('translated');
  });

  it('flags an output still in the source script when the pair changes script, without a detector', () => {
    expect(
      checkUntranslated({ source: 'أين أنت الآن', translation: 'أين انت الان؟', from: 'ar', to: 'en' }),
    ).toBe('untranslated');
    expect(
      checkUntranslated({ source: 'أين أنت الآن', translation: 'Where are you now?', from: 'ar', to: 'en' }),
    ).toBe('translated');
  });

  it('accepts a Japanese output full of Han characters for a Chinese source', () => {
    expect(
      checkUntranslated({ source: '我们明天见面', translation: '明日会いましょう', from: 'zh', to: 'ja' }),
    ).toBe('translated');
  });

  it('asks the detector only for a same-script output that shares most words with its source', () => {
    const copied = {
      source: 'El paquete llega mañana por la tarde',
      translation: 'El paquete llega tomorrow por la tarde',
      from: 'es',
      to: 'en',
    };
    expect(checkUntranslated(copied)).toBe('ask-detector');
    expect(checkUntranslated({ ...copied, translation: 'The parcel arrives tomorrow afternoon' })).toBe(
      'translated',
    );
  });

  it('reads the detector: untranslated only on a reliable guess of the source language', () => {
    expect(stillInSourceLanguage({ language: 'es', reliable: true }, 'es-ES')).toBe(true);
    expect(stillInSourceLanguage({ language: 'es', reliable: false }, 'es')).toBe(false);
    expect(stillInSourceLanguage({ language: 'en', reliable: true }, 'es')).toBe(false);
    expect(stillInSourceLanguage(undefined, 'es')).toBe(false);
  });
});
