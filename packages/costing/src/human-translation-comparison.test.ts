import { describe, expect, it } from 'vitest';
import {
  countWords,
  humanTranslationComparison,
  humanTranslationRatePresets,
} from './human-translation-comparison';
import { Money } from './money';

describe('humanTranslationComparison', () => {
  it('compares with £100 per 1,000 words and 2,000 words a day, citing both', () => {
    const comparison = humanTranslationComparison({
      words: 21_000,
      machineCost: Money.of('0.83', 'GBP'),
      machineSeconds: 300,
    });
    expect(comparison.human.cost.format()).toBe('£2,100.00');
    expect(comparison.human.workingDays.toString()).toBe('10.5');
    expect(comparison.saving?.toString()).toBe('2099.17 GBP');
    expect(comparison.costRatio?.toString()).toBe('2530');
    expect(comparison.machine.seconds).toBe(300);
    expect(comparison.sources[0]).toMatch(
      /^Price: Legal Aid Agency guidance, £100 per 1,000 words .*linguistdirectory\.com/,
    );
    expect(comparison.sources[1]).toMatch(
      /^Speed: 2,000 words per translator-day.*okodia\.co\.uk.*pangeanic/,
    );
    expect(comparison.caveat).toMatch(/evidence still needs a qualified translator/);
    expect(comparison.wordsEstimated).toBe(false);
  });

  it('estimates words from characters when that is all it has, and says so', () => {
    const comparison = humanTranslationComparison({ characters: 110_000, charactersPerWord: 5.5 });
    expect(comparison.words.toString()).toBe('20000');
    expect(comparison.wordsEstimated).toBe(true);
    expect(comparison.assumptions[0]).toMatch(
      /Words estimated from 110000 characters at 5.5 characters per word/,
    );
    expect(comparison.saving).toBeUndefined();
  });

  it('applies a minimum fee and rounds working days up', () => {
    const comparison = humanTranslationComparison({
      words: 100,
      rates: humanTranslationRatePresets.scottishLegalAidBoard,
    });
    expect(comparison.human.cost.toString()).toBe('28.50 GBP');
    expect(comparison.human.workingDays.toString()).toBe('0.1');
    expect(comparison.sources[0]).toMatch(/Scottish Legal Aid Board, £95 per 1,000 words/);
  });

  it('refuses to compare different currencies or nothing at all', () => {
    expect(() => humanTranslationComparison({ words: 1, machineCost: Money.of('1', 'USD') })).toThrow(
      /in USD but the human rates are in GBP/,
    );
    expect(() => humanTranslationComparison({})).toThrow(/Give words or characters/);
  });
});

describe('countWords', () => {
  it('counts runs of non-space characters in any script', () => {
    expect(countWords('  Hello,  world!\n')).toBe(2);
    expect(countWords('وين انت؟ انا بالبيت')).toBe(4);
    expect(countWords('')).toBe(0);
  });
});
