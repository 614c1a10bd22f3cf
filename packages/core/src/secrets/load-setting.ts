import { type Environment, processEnvironment } from './environment';

/** Where to find an optional, non-secret setting such as an endpoint or a region. */
export interface LoadSettingOptions {
  /** The value passed in code. Wins over the environment when set and not blank. */
  value?: string | undefined;
  /** The environment variable read when `value` is absent or blank, e.g. `AZURE_TRANSLATOR_REGION`. */
  environmentVariable?: string;
  /** The environment to read. Defaults to `process.env`. */
  env?: Environment;
}

/**
 * Resolves an optional, non-secret setting from its option, then its environment variable.
 * Returns the trimmed value, or `undefined` when neither is set (blank counts as unset), so the
 * caller applies its own default. Not registered with the redactor: use `loadSecret` for keys.
 */
export function loadSetting(options: LoadSettingOptions): string | undefined {
  const fromOption = options.value?.trim();
  if (fromOption !== undefined && fromOption !== '') return fromOption;
  if (options.environmentVariable === undefined) return undefined;
  const fromEnvironment = (options.env ?? processEnvironment())[options.environmentVariable]?.trim();
  return fromEnvironment === undefined || fromEnvironment === '' ? undefined : fromEnvironment;
}
