import { describe, expect, it } from 'vitest';
import { isDatabaseUrl, redactDatabaseUrl } from './redact-database-url';

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps what says which database was meant', () => {
    expect(redactDatabaseUrl('postgres://ledger:s3cr%40t@db.internal:5432/toex?sslmode=require')).toBe(
      'postgres://ledger:[REDACTED]@db.internal:5432/toex?sslmode=require',
    );
    expect(redactDatabaseUrl('postgresql://ledger@127.0.0.1:6543/toex')).toBe(
      'postgresql://ledger@127.0.0.1:6543/toex',
    );
  });

  it('hides query parameters that can carry secrets', () => {
    const redacted = redactDatabaseUrl(
      'postgres://db/toex?password=hunter2hunter2&sslmode=verify-full&sslkey=/k',
    );
    expect(redacted).toBe('postgres://db/toex?password=[REDACTED]&sslmode=verify-full&sslkey=[REDACTED]');
  });

  it('hides the password even in text that is not a URL', () => {
    expect(redactDatabaseUrl('postgres://ledger:p@ss word@db/toex')).not.toContain('ss word');
  });

  it('tells database URLs from ledger file paths', () => {
    expect(isDatabaseUrl('postgres://db/toex')).toBe(true);
    expect(isDatabaseUrl('POSTGRESQL://db/toex')).toBe(true);
    expect(isDatabaseUrl('costs.jsonl')).toBe(false);
    expect(isDatabaseUrl('./postgres://odd-file-name')).toBe(false);
  });
});
