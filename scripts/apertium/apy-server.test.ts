import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessRunning, type RunningApy, startApy } from './apy-server.mjs';

/** Local addresses (hex, as in /proc/net/tcp*) of the sockets listening on `port`. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      // State 0A is LISTEN.
      if (local?.endsWith(`:${hexPort}`) && state === '0A') addresses.push(local.split(':')[0] ?? '');
    }
  }
  return addresses;
}

describe('startApy', () => {
  let apy: RunningApy;
  beforeAll(async () => {
    apy = await startApy({ pairs: ['spa-eng'] });
  });
  afterAll(async () => {
    await apy?.stop();
  });

  it('listens on 127.0.0.1 only, never on every interface', () => {
    expect(apy.url).toBe(`http://127.0.0.1:${apy.port}`);
    // 0100007F is 127.0.0.1 in /proc's little-endian hex; 00000000 would be 0.0.0.0, and tcp6 entries ::.
    expect(listeningAddresses(apy.port)).toEqual(['0100007F']);
  });

  it('serves only the pairs asked for, and translates', async () => {
    const pairs = (await (await fetch(`${apy.url}/listPairs`)).json()) as { responseData: unknown };
    expect(pairs.responseData).toEqual([{ sourceLanguage: 'spa', targetLanguage: 'eng' }]);
    const body = new URLSearchParams({ langpair: 'spa|eng', q: 'hola' });
    const translated = (await (await fetch(`${apy.url}/translate`, { method: 'POST', body })).json()) as {
      responseData: { translatedText: string };
    };
    expect(translated.responseData.translatedText).toBe('hello');
  });

  it('reports the installed APY version', () => {
    expect(apy.version).toMatch(/^\d+\.\d+/);
  });

  it('refuses a port that is taken, instead of talking to whatever holds it', async () => {
    await expect(startApy({ port: apy.port, pairs: ['spa-eng'] })).rejects.toThrow(
      /Port \d+ on 127\.0\.0\.1 is not available/,
    );
  });

  it('names the installed modes when asked for a pair that is missing', async () => {
    await expect(startApy({ pairs: ['fra-eng'] })).rejects.toThrow(
      /fra-eng are not installed.*installed: .*spa-eng/,
    );
  });
});

describe('stop', () => {
  it('ends APY and frees its port', async () => {
    const apy = await startApy({ pairs: ['spa-eng'] });
    await apy.stop();
    expect(isProcessRunning(apy.pid)).toBe(false);
    // The port can be bound again at once.
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(apy.port, '127.0.0.1', () => server.close(() => resolve()));
    });
  });
});
