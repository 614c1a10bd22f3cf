import { redactSecrets } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { connectRedis } from './connect-redis';
import { redactRedisUrl } from './redact-redis-url';

describe('redactRedisUrl', () => {
  it('hides the user name and password but keeps the server and database', () => {
    expect(redactRedisUrl('redis://worker:s3cret-pass@redis.internal:6380/2')).toBe(
      'redis://[REDACTED]@redis.internal:6380/2',
    );
    expect(redactRedisUrl('rediss://:another-s3cret@10.0.0.5:6379')).toBe(
      'rediss://[REDACTED]@10.0.0.5:6379',
    );
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('makes the password of a connected URL disappear from any later message', () => {
    const client = connectRedis('redis://worker:pw-9f8e7d6c5b@127.0.0.1:1', { lazyConnect: true });
    expect(redactSecrets('AUTH worker pw-9f8e7d6c5b failed')).toBe('AUTH worker [REDACTED] failed');
    client.disconnect();
  });
});
