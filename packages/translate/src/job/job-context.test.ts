import { describe, expect, it } from 'vitest';
import { pacedRequestCharacters } from './job-context';

describe('pacedRequestCharacters', () => {
  it('splits a per-minute quota evenly over the fewest requests within the provider cap that fill it', () => {
    // Azure's 50,000-character requests.
    expect(pacedRequestCharacters(60_000, 50_000)).toBe(30_000);
    expect(pacedRequestCharacters(110_000, 50_000)).toBe(36_666);
    expect(pacedRequestCharacters(600_000, 50_000)).toBe(50_000);
    expect(pacedRequestCharacters(100_000, 50_000)).toBe(50_000);
    // A quota below the cap: one request a minute, as large as the quota (Azure F0's 33,300).
    expect(pacedRequestCharacters(33_300, 50_000)).toBe(33_300);
  });
});
