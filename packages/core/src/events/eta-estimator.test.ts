import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEtaEstimator } from './eta-estimator';

function manualClock() {
  let nowMs = 0;
  return {
    now: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

describe('createEtaEstimator', () => {
  it('gives no estimate until it has a rate and the warm-up has passed', () => {
    const clock = manualClock();
    const eta = createEtaEstimator({ clock, warmUpMs: 5_000 });
    expect(eta.etaSeconds(1_000)).toBeUndefined();
    eta.update(0);
    expect(eta.unitsPerSecond()).toBeUndefined();
    clock.advance(1_000);
    eta.update(100);
    expect(eta.etaSeconds(1_000)).toBeUndefined();
    clock.advance(4_000);
    eta.update(500);
    expect(eta.unitsPerSecond()).toBeCloseTo(100);
    expect(eta.etaSeconds(1_000)).toBe(5);
  });

  it('estimates the remaining time exactly at a steady rate, however irregular the updates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 2, maxLength: 50 }),
        fc.integer({ min: 1, max: 1_000 }),
        (intervalsMs, unitsPerSecond) => {
          const clock = manualClock();
          const eta = createEtaEstimator({ clock, warmUpMs: 0 });
          let units = 0;
          eta.update(units);
          for (const intervalMs of intervalsMs) {
            clock.advance(intervalMs);
            units += (unitsPerSecond * intervalMs) / 1000;
            eta.update(units);
          }
          expect(eta.unitsPerSecond()).toBeCloseTo(unitsPerSecond, 6);
          const remaining = unitsPerSecond * 90;
          expect(eta.etaSeconds(units + remaining)).toBeGreaterThanOrEqual(90);
          expect(eta.etaSeconds(units + remaining)).toBeLessThanOrEqual(91);
        },
      ),
    );
  });

  it('follows a slowdown within a few half-lives', () => {
    const clock = manualClock();
    const eta = createEtaEstimator({ clock, halfLifeMs: 10_000, warmUpMs: 0 });
    let units = 0;
    eta.update(units);
    for (let second = 0; second < 300; second++) {
      clock.advance(1_000);
      units += 100;
      eta.update(units);
    }
    for (let second = 0; second < 50; second++) {
      clock.advance(1_000);
      units += 10;
      eta.update(units);
    }
    expect(eta.unitsPerSecond()).toBeGreaterThan(10);
    expect(eta.unitsPerSecond()).toBeLessThan(15);
  });

  it('gives no estimate while stalled, and 0 once everything is done', () => {
    const clock = manualClock();
    const eta = createEtaEstimator({ clock, warmUpMs: 0 });
    eta.update(0);
    clock.advance(10_000);
    eta.update(0);
    expect(eta.unitsPerSecond()).toBe(0);
    expect(eta.etaSeconds(100)).toBeUndefined();
    clock.advance(10_000);
    eta.update(100);
    expect(eta.etaSeconds(100)).toBe(0);
  });

  it('refuses a non-positive half-life', () => {
    expect(() => createEtaEstimator({ halfLifeMs: 0 })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError' }),
    );
  });
});
