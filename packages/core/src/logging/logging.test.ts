import { describe, expect, it } from 'vitest';
import { registerSecret } from '../secrets/secret-registry';
import { createConsoleLogger } from './create-console-logger';
import type { LogFields, Logger } from './logger';
import { resolveLogger } from './resolve-logger';
import { silentLogger } from './silent-logger';

function memoryStream(): { write: (text: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (text) => lines.push(text) };
}

describe('resolveLogger', () => {
  it('is silent by default', () => {
    expect(resolveLogger({ env: {} })).toBe(silentLogger);
    expect(resolveLogger({ env: { TOEX_LOG: 'off' } })).toBe(silentLogger);
  });

  it('turns on with TOEX_LOG and filters below the chosen level', () => {
    const stream = memoryStream();
    const logger = resolveLogger({ env: { TOEX_LOG: 'warn' }, stream });
    logger.debug('noise');
    logger.info('noise');
    logger.warn('throttled', { statusCode: 429 });
    logger.error('failed');
    expect(stream.lines).toHaveLength(2);
    expect(stream.lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z toex warn throttled \{"statusCode":429\}\n$/);
    expect(stream.lines[1]).toMatch(/ toex error failed\n$/);
  });

  it('refuses a TOEX_LOG value that is not a level, rather than silently logging nothing', () => {
    expect(() => resolveLogger({ env: { TOEX_LOG: 'verbose' } })).toThrow(
      expect.objectContaining({ code: 'invalid_setting', setting: 'TOEX_LOG' }),
    );
  });

  it("redacts everything on its way to the caller's logger", () => {
    registerSecret('caller-logger-secret-77');
    const received: Array<{ message: string; fields?: LogFields }> = [];
    const own: Logger = {
      debug: (message, fields) => received.push({ message, fields }),
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    resolveLogger({ logger: own }).debug('sent caller-logger-secret-77', {
      url: 'https://x.test/?key=caller-logger-secret-77',
      headers: { authorization: 'Bearer abcdefghijklmnop' },
    });
    expect(JSON.stringify(received)).not.toContain('caller-logger-secret-77');
    expect(JSON.stringify(received)).not.toContain('abcdefghijklmnop');
    expect(received[0]?.message).toBe('sent [REDACTED]');
  });
});

describe('createConsoleLogger', () => {
  it('redacts messages and fields, and serialises errors by name and message', () => {
    registerSecret('console-secret-4242');
    const stream = memoryStream();
    createConsoleLogger('debug', stream).error('call failed with console-secret-4242', {
      error: Object.assign(new Error('denied for console-secret-4242'), { code: 'http_401' }),
    });
    expect(stream.lines[0]).not.toContain('console-secret-4242');
    expect(stream.lines[0]).toContain(
      '"error":{"name":"Error","message":"denied for [REDACTED]","code":"http_401"}',
    );
  });

  it('never throws on fields JSON cannot serialise', () => {
    const stream = memoryStream();
    expect(() => createConsoleLogger('info', stream).info('big', { count: 10n })).not.toThrow();
    expect(stream.lines[0]).toContain('[unserialisable]');
  });
});
