import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresTestServer, startPostgresServer } from './postgres-server';

describe('startPostgresServer', () => {
  let server: PostgresTestServer;
  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves a fresh database on a loopback port, as a non-root server', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const result = await client.query<{ database: string; listen: string }>(
      "SELECT current_database() AS database, current_setting('listen_addresses') AS listen",
    );
    await client.end();
    expect(result.rows[0]).toEqual({ database: 'toex', listen: '127.0.0.1' });
    expect(server.url).toMatch(/^postgres:\/\/toex@127\.0\.0\.1:\d+\/toex$/);
  });
});
