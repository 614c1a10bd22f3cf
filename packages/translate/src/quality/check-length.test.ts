import { describe, expect, it } from 'vitest';
import { checkLength } from './check-length';
import { relativeLength } from './length-ratio';

const source = 'Te llamo cuando llegue a la estación de tren esta noche';

describe('checkLength', () => {
  it('does not flag a translation of ordinary length', () => {
    expect(
      checkLength({
        source,
        translation: "I'll call you when I get to the train station tonight",
        from: 'es',
        to: 'en',
      }),
    ).toBe(false);
  });

  it('flags an output under half what the pair predicts', () => {
    expect(checkLength({ source, translation: 'I call you', from: 'es', to: 'en' })).toBe(true);
  });

  it('flags an output over twice what the pair predicts', () => {
    const rambling = `${"I'll call you when I get to the train station tonight. ".repeat(3)}Also, remember the bag.`;
    expect(checkLength({ source, translation: rambling, from: 'es', to: 'en' })).toBe(true);
  });

  it('expects Chinese to be much shorter than Spanish, so a short Chinese output is not flagged', () => {
    expect(checkLength({ source, translation: '我今晚到火车站时给你打电话', from: 'es', to: 'zh' })).toBe(
      false,
    );
    expect(relativeLength('zh', '')).toBeLessThan(relativeLength('es', ''));
  });

  it('uses the script when the source language is unknown', () => {
    expect(relativeLength(undefined, '我今晚到火车站时给你打电话')).toBe(0.35);
    expect(relativeLength(undefined, 'hola')).toBe(1.1);
  });

  it('ignores short texts, whose length varies too much to judge', () => {
    expect(checkLength({ source: 'vale, gracias', translation: 'OK', from: 'es', to: 'en' })).toBe(false);
  });
});
