import { describe, expect, it } from 'vitest';
import { checkMixedLanguage } from './check-mixed-language';

describe('checkMixedLanguage', () => {
  it('flags substantial runs of two scripts', () => {
    expect(checkMixedLanguage('Привет, как дела? I will send the money tomorrow morning')).toBe(true);
    expect(checkMixedLanguage('أنا في الطريق now meet me at the station')).toBe(true);
  });

  it('does not flag a text in one script', () => {
    expect(checkMixedLanguage('I will send the money tomorrow morning')).toBe(false);
    expect(checkMixedLanguage('Я отправлю деньги завтра утром')).toBe(false);
  });

  it('does not flag a brand name, a link or a handle in another script', () => {
    expect(checkMixedLanguage('Я отправлю деньги завтра утром через WhatsApp')).toBe(false);
    expect(
      checkMixedLanguage('Смотри https://example.com/very/long/path/here и пиши @someone_with_a_long_name'),
    ).toBe(false);
  });

  it('counts Japanese Han and kana as one writing system', () => {
    expect(checkMixedLanguage('明日の朝、駅で会いましょう。よろしくお願いします')).toBe(false);
  });
});
