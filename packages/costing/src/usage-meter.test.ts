import { describe, expect, it } from 'vitest';
import { UsageMeter } from './usage-meter';

describe('UsageMeter', () => {
  it('takes the provider total when every request reported, and flags none when they agree', () => {
    const meter = new UsageMeter({ unit: 'character' });
    meter.record({ counted: 100, reported: 100 });
    meter.record({ counted: 250, reported: '250' });
    const summary = meter.summary();
    expect(summary.reported?.toString()).toBe('350');
    expect(summary.counted?.toString()).toBe('350');
    expect(summary.mismatchCount).toBe(0);
    expect(summary.billable).toEqual({ quantity: summary.reported, source: 'provider-reported' });
  });

  it('claims no provider total while any request went unreported', () => {
    const meter = new UsageMeter({ unit: 'character' });
    meter.record({ counted: 100, reported: 100 });
    meter.record({ counted: 250 });
    expect(meter.reported).toBeUndefined();
    expect(meter.summary().reportedRequests).toBe(1);
    expect(meter.summary().billable.source).toBe('client-count');
    expect(meter.summary().billable.quantity?.toString()).toBe('350');
  });

  it('flags a mismatch with the request id and the difference', () => {
    const meter = new UsageMeter({ unit: 'character' });
    expect(meter.record({ counted: 100, reported: 100, requestId: 'a' })).toBeUndefined();
    const mismatch = meter.record({ counted: 100, reported: 104, requestId: 'b' });
    expect(mismatch?.requestId).toBe('b');
    expect(mismatch?.request).toBe(2);
    expect(mismatch?.difference.toString()).toBe('4');
    expect(meter.hasMismatch).toBe(true);
    expect(meter.summary().mismatches).toHaveLength(1);
  });

  it('tolerates differences up to the tolerance', () => {
    const meter = new UsageMeter({ unit: 'second', tolerance: 1 });
    meter.record({ counted: 60, reported: 61 });
    expect(meter.hasMismatch).toBe(false);
    meter.record({ counted: 60, reported: 62 });
    expect(meter.hasMismatch).toBe(true);
  });

  it('keeps unknown usage unknown rather than zero', () => {
    const meter = new UsageMeter({ unit: 'second' });
    meter.record({ counted: 30 });
    meter.record({ counted: undefined });
    expect(meter.counted).toBeUndefined();
    expect(meter.summary().billable).toEqual({ quantity: undefined, source: 'unknown' });
  });

  it('counts every mismatch but keeps only the first few', () => {
    const meter = new UsageMeter({ unit: 'character', maximumMismatchesKept: 2 });
    for (let index = 0; index < 5; index += 1) meter.record({ counted: 1, reported: 2 });
    expect(meter.summary().mismatchCount).toBe(5);
    expect(meter.summary().mismatches).toHaveLength(2);
  });
});
