import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from './redis-server';

describe('startRedisServer', () => {
  let server: TestRedisServer | undefined;
  afterEach(async () => {
    await server?.stop();
  });

  it('starts a throwaway server without persistence that restarts empty on the same port', async () => {
    server = await startRedisServer();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    const client = new Redis(server.url, { maxRetriesPerRequest: 50 });
    client.on('error', () => {}); // reconnection attempts during the restart
    try {
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
      await client.set('before', '1');
      await server.restart();
      // The same client reconnects to the same port and finds an empty server.
      expect(await client.get('before')).toBeNull();
    } finally {
      client.disconnect();
    }
    await server.stop();
    const probe = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => {});
    await expect(probe.connect()).rejects.toThrow(/ECONNREFUSED|Connection is closed/);
    probe.disconnect();
  });

  it('keeps every key across a restart when persistent, as a queue Redis must', async () => {
    server = await startRedisServer({ persistent: true });
    const client = new Redis(server.url, { maxRetriesPerRequest: 50 });
    client.on('error', () => {});
    try {
      await client.set('queued', 'job-1');
      await server.restart({ downMs: 100 });
      expect(await client.get('queued')).toBe('job-1');
    } finally {
      client.disconnect();
    }
  });
});
