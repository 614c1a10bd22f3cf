import { describe, expect, it } from 'vitest';
import { billedDurationSeconds } from './billed-duration';

describe('billedDurationSeconds', () => {
  it('rounds up to whole seconds for per-second billing', () => {
    expect(billedDurationSeconds('3.2', { incrementSeconds: 1 })?.toString()).toBe('4');
    expect(billedDurationSeconds(3725, { incrementSeconds: 1 })?.toString()).toBe('3725');
  });

  it('bills started minutes whole', () => {
    expect(billedDurationSeconds(61, { incrementSeconds: 60 })?.toString()).toBe('120');
    expect(billedDurationSeconds(60, { incrementSeconds: 60 })?.toString()).toBe('60');
  });

  it('applies a per-request minimum only to requests with audio', () => {
    expect(billedDurationSeconds(3, { incrementSeconds: 1, minimumSeconds: 15 })?.toString()).toBe('15');
    expect(billedDurationSeconds(0, { incrementSeconds: 1, minimumSeconds: 15 })?.toString()).toBe('0');
  });

  it('keeps an unknown duration unknown instead of pricing it as free', () => {
    expect(billedDurationSeconds(undefined, { incrementSeconds: 1 })).toBeUndefined();
  });

  it('refuses a negative duration', () => {
    expect(() => billedDurationSeconds(-1, { incrementSeconds: 1 })).toThrow(/negative/);
  });
});
