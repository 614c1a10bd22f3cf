import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after';

const nowMs = Date.parse('2026-11-20T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads Retry-After as delta-seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '7' }), nowMs)).toBe(7000);
  });

  it('reads Retry-After as an HTTP date relative to now', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Fri, 20 Nov 2026 10:00:30 GMT' }), nowMs)).toBe(
      30_000,
    );
  });

  it('treats an HTTP date in the past as "retry now"', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Fri, 20 Nov 2026 09:59:00 GMT' }), nowMs)).toBe(0);
  });

  it('prefers retry-after-ms, then x-ms-retry-after-ms, over Retry-After', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), nowMs)).toBe(250);
    expect(parseRetryAfter(new Headers({ 'x-ms-retry-after-ms': '1500', 'retry-after': '9' }), nowMs)).toBe(
      1500,
    );
  });

  it('returns undefined when no header says anything usable', () => {
    expect(parseRetryAfter(new Headers(), nowMs)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), nowMs)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': '-5' }), nowMs)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': 'abc' }), nowMs)).toBeUndefined();
  });
});
