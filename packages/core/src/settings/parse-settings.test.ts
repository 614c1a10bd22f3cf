import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigurationError } from '../errors/configuration-error';
import { closestKey, functionSetting, parseSettings } from './parse-settings';

const schema = z.strictObject({
  apiKey: z.string().optional(),
  endpoint: z.string().optional(),
  timeoutMs: z.number().int().positive().optional(),
  fetch: functionSetting<typeof fetch>().optional(),
});

describe('parseSettings', () => {
  it('accepts known options and no options at all', () => {
    expect(parseSettings(schema, { apiKey: 'k', fetch: globalThis.fetch }, 'createThing')).toEqual({
      apiKey: 'k',
      fetch: globalThis.fetch,
    });
    expect(parseSettings(schema, undefined, 'createThing')).toEqual({});
  });

  it('rejects a misspelt option and names the right one, without quoting values', () => {
    let caught: unknown;
    try {
      parseSettings(schema, { key: 'secret-value-123' }, 'createThing');
    } catch (error) {
      caught = error;
    }
    expect(ConfigurationError.isInstance(caught)).toBe(true);
    const error = caught as ConfigurationError;
    expect(error.code).toBe('invalid_settings');
    expect(error.message).toMatch(/^createThing: unknown option "key" \(did you mean "apiKey"\?\)/);
    expect(error.message).toContain('Known options: apiKey, endpoint, timeoutMs, fetch');
    expect(error.message).not.toContain('secret-value-123');
  });

  it('names a value of the wrong type', () => {
    expect(() => parseSettings(schema, { timeoutMs: -1 }, 'createThing')).toThrow(/"timeoutMs"/);
    expect(() => parseSettings(schema, { fetch: 'yes' }, 'createThing')).toThrow(
      /"fetch" must be a function/,
    );
  });
});

describe('closestKey', () => {
  it('finds near misses and contained names, and nothing for unrelated ones', () => {
    expect(closestKey('endpont', ['apiKey', 'endpoint'])).toBe('endpoint');
    expect(closestKey('url', ['baseUrl', 'timeoutMs'])).toBe('baseUrl');
    expect(closestKey('colour', ['apiKey', 'endpoint'])).toBeUndefined();
  });
});
