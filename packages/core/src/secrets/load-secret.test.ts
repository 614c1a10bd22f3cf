import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error';
import { loadSecret } from './load-secret';
import { loadSetting } from './load-setting';
import { redactSecrets } from './redact-secrets';

const options = { environmentVariable: 'AZURE_TRANSLATOR_KEY', description: 'Azure Translator key' };

describe('loadSecret', () => {
  it('names both fixes when the secret is missing', () => {
    const error = (() => {
      try {
        loadSecret({ ...options, env: {} });
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'missing_secret',
      setting: 'AZURE_TRANSLATOR_KEY',
      retryable: false,
    });
    expect((error as Error).message).toBe(
      "Azure Translator key is missing. Pass it with the 'apiKey' option or set the AZURE_TRANSLATOR_KEY environment variable.",
    );
  });

  it('uses the option name the caller gives', () => {
    expect(() => loadSecret({ ...options, optionName: 'subscriptionKey', env: {} })).toThrow(
      /'subscriptionKey' option/,
    );
  });

  it('prefers the option over the environment and trims pasted whitespace', () => {
    expect(
      loadSecret({
        ...options,
        value: '  from-option-value\n',
        env: { AZURE_TRANSLATOR_KEY: 'from-env-value' },
      }),
    ).toBe('from-option-value');
    expect(loadSecret({ ...options, value: '', env: { AZURE_TRANSLATOR_KEY: 'from-env-value\n' } })).toBe(
      'from-env-value',
    );
  });

  it('treats a blank environment variable as missing', () => {
    expect(() => loadSecret({ ...options, env: { AZURE_TRANSLATOR_KEY: '   ' } })).toThrow(/is missing/);
  });

  it('registers what it loads with the redactor', () => {
    const secret = loadSecret({ ...options, env: { AZURE_TRANSLATOR_KEY: 'registered-on-load-31337' } });
    expect(redactSecrets(`x ${secret} y`)).toBe('x [REDACTED] y');
  });

  it('refuses a non-string value without echoing it', () => {
    const value = { nested: 'object-key-material' } as unknown as string;
    expect(() => loadSecret({ ...options, value, env: {} })).toThrow(
      expect.objectContaining({
        code: 'invalid_secret',
        message: expect.not.stringContaining('object-key-material'),
      }),
    );
  });
});

describe('loadSetting', () => {
  it('returns the option, else the environment variable, else undefined', () => {
    const env = { AZURE_TRANSLATOR_REGION: ' westeurope ' };
    expect(loadSetting({ value: 'uksouth', environmentVariable: 'AZURE_TRANSLATOR_REGION', env })).toBe(
      'uksouth',
    );
    expect(loadSetting({ environmentVariable: 'AZURE_TRANSLATOR_REGION', env })).toBe('westeurope');
    expect(
      loadSetting({ value: ' ', environmentVariable: 'AZURE_TRANSLATOR_REGION', env: {} }),
    ).toBeUndefined();
    expect(loadSetting({})).toBeUndefined();
  });
});
