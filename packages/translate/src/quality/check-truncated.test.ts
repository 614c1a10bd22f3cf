import { describe, expect, it } from 'vitest';
import { checkTruncated } from './check-truncated';

const source = 'Llego a la estación a las diez. Trae el dinero y no llames a nadie.';

describe('checkTruncated', () => {
  it('does not flag a complete translation', () => {
    expect(
      checkTruncated({
        source,
        translation: "I'll be at the station at ten. Bring the money and don't call anyone.",
        from: 'es',
        to: 'en',
      }),
    ).toBe(false);
  });

  it('flags an output that stops mid-sentence when the source ends one', () => {
    expect(
      checkTruncated({
        source,
        translation: "I'll be at the station at ten. Bring the money and don't call",
        from: 'es',
        to: 'en',
      }),
    ).toBe(true);
  });

  it('flags an output far shorter than the source with sentences missing', () => {
    expect(checkTruncated({ source, translation: 'At the station.', from: 'es', to: 'en' })).toBe(true);
  });

  it('flags numbers at the end of the source that never reach the output', () => {
    expect(
      checkTruncated({
        source: 'Quedamos a las 10:30 en el bar de siempre y te doy 500 euros, llámame al 612 345 678',
        translation: "We'll meet at 10:30 at the usual bar and I'll give you 500 euros, call me",
        from: 'es',
        to: 'en',
      }),
    ).toBe(true);
    expect(
      checkTruncated({
        source: 'Quedamos a las 10:30 en el bar de siempre y te doy 500 euros, llámame al 612 345 678',
        translation:
          "We'll meet at 10:30 at the usual bar and I'll give you 500 euros, call me on 612 345 678",
        from: 'es',
        to: 'en',
      }),
    ).toBe(false);
  });

  it('flags what the provider reported as cut short, even a short text', () => {
    expect(checkTruncated({ source: 'Hola', translation: 'Hel', to: 'en', reportedByProvider: true })).toBe(
      true,
    );
  });

  it('ignores short texts otherwise', () => {
    expect(checkTruncated({ source: 'Ven ya.', translation: 'Come', from: 'es', to: 'en' })).toBe(false);
  });

  it('does not expect a Thai output to end with a full stop', () => {
    expect(
      checkTruncated({
        source: 'I will meet you at the station tonight.',
        translation: 'ฉันจะไปพบคุณที่สถานีคืนนี้',
        from: 'en',
        to: 'th',
      }),
    ).toBe(false);
  });
});
