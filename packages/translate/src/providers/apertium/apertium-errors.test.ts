import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseApertiumError } from './apertium-errors';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parseApertiumError', () => {
  it("turns APY's explanation into the message and a stable provider code", () => {
    expect(parseApertiumError(400, fixture('error-pair-not-installed.json'), new Headers())).toMatchObject({
      providerCode: 'pair_not_installed',
      message: 'That pair is not installed',
    });
    expect(parseApertiumError(400, fixture('error-pair-invalid.json'), new Headers())).toMatchObject({
      providerCode: 'pair_invalid',
      message: 'That pair is invalid, use e.g. eng|spa',
    });
  });

  it('explains that a 503 from a broken pipeline is worth retrying', () => {
    const details = parseApertiumError(503, fixture('error-internal.json'), new Headers());
    expect(details).toMatchObject({ providerCode: 'internal_error', message: 'internal error' });
    expect(details?.hint).toMatch(/retrying helps/);
    // Retryability itself is left to the HTTP status, which makes 503 retryable.
    expect(details?.retryable).toBeUndefined();
  });

  it('returns nothing for bodies that are not APY errors, so the HTTP status speaks', () => {
    expect(parseApertiumError(502, '<html>Bad gateway</html>', new Headers())).toBeUndefined();
    expect(parseApertiumError(500, '{"unexpected":true}', new Headers())).toBeUndefined();
  });
});
