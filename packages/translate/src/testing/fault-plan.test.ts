import { describe, expect, it } from 'vitest';
import { FaultInjector } from './fault-plan';

const requestsOf = (count: number) => Array.from({ length: count }, (_, index) => `request body ${index}`);

function outcomes(injector: FaultInjector, contents: readonly string[]): string[] {
  return contents.map((content, index) => injector.decide(index + 1, content).kind);
}

describe('FaultInjector', () => {
  it('fails about the planned fraction of requests, with each fault kind', () => {
    const kinds = outcomes(new FaultInjector({ failureRate: 0.1, seed: 7 }), requestsOf(5_000));
    const failed = kinds.filter((kind) => kind !== 'none');
    expect(failed.length).toBeGreaterThan(400);
    expect(failed.length).toBeLessThan(600);
    expect(new Set(failed)).toEqual(new Set(['http_500', 'http_503', 'connection_reset']));
  });

  it('decides by content, not arrival order, so concurrent runs see the same faults', () => {
    const contents = requestsOf(500);
    const forwards = outcomes(new FaultInjector({ failureRate: 0.2, seed: 3 }), contents);
    const reversedInjector = new FaultInjector({ failureRate: 0.2, seed: 3 });
    const backwards = [...contents]
      .reverse()
      .map((content, index) => reversedInjector.decide(index + 1, content).kind);
    expect(backwards.reverse()).toEqual(forwards);
  });

  it('gives different faults for a different seed', () => {
    const contents = requestsOf(500);
    expect(outcomes(new FaultInjector({ failureRate: 0.2, seed: 1 }), contents)).not.toEqual(
      outcomes(new FaultInjector({ failureRate: 0.2, seed: 2 }), contents),
    );
  });

  it('fails the same request at most maxFailuresPerRequest times, so retrying clients lose nothing', () => {
    const injector = new FaultInjector({ failureRate: 1, maxFailuresPerRequest: 2 });
    const kinds = [1, 2, 3, 4].map((sequence) => injector.decide(sequence, 'same body').kind);
    expect(kinds.slice(0, 2).every((kind) => kind !== 'none')).toBe(true);
    expect(kinds.slice(2)).toEqual(['none', 'none']);
  });

  it('throttles the requests of a burst by arrival number, with or without Retry-After', () => {
    const injector = new FaultInjector({
      throttleBursts: [
        { fromRequest: 2, count: 2, retryAfterSeconds: 5 },
        { fromRequest: 6, count: 1, status: 529 },
      ],
    });
    const decisions = [1, 2, 3, 4, 5, 6, 7].map((sequence) => injector.decide(sequence, `body ${sequence}`));
    expect(decisions).toEqual([
      { kind: 'none' },
      { kind: 'throttle', status: 429, retryAfterSeconds: 5 },
      { kind: 'throttle', status: 429, retryAfterSeconds: 5 },
      { kind: 'none' },
      { kind: 'none' },
      { kind: 'throttle', status: 529 },
      { kind: 'none' },
    ]);
  });

  it('answers malformed bodies at the planned rate', () => {
    const kinds = outcomes(new FaultInjector({ malformedRate: 0.5, seed: 11 }), requestsOf(1_000));
    const malformed = kinds.filter((kind) => kind === 'malformed').length;
    expect(malformed).toBeGreaterThan(400);
    expect(malformed).toBeLessThan(600);
  });

  it('refuses rates outside 0..1', () => {
    expect(() => new FaultInjector({ failureRate: 1.5 })).toThrow(RangeError);
    expect(() => new FaultInjector({ failureRate: 0.6, malformedRate: 0.6 })).toThrow(RangeError);
  });
});
