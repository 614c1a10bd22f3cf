import { ConfigurationError } from '../errors/configuration-error';
import { type Environment, processEnvironment } from './environment';
import { registerSecret } from './secret-registry';

/** Where to find a secret such as an API key, and how to name it when it is missing. */
export interface LoadSecretOptions {
  /** The value passed in code (e.g. the `apiKey` option). Wins over the environment when set and not blank. */
  value?: string | undefined;
  /** The environment variable read when `value` is absent, e.g. `AZURE_TRANSLATOR_KEY`. */
  environmentVariable: string;
  /** What the secret is, for the error message, e.g. `Azure Translator key`. */
  description: string;
  /** The option name users pass the secret with, for the error message. Defaults to `apiKey`. */
  optionName?: string;
  /** The environment to read. Defaults to `process.env` (an empty record where there is no `process`). */
  env?: Environment;
}

/**
 * Resolves a secret from its option or its environment variable, trimmed, and registers it with
 * the process-wide redactor so it can never appear in logs, errors or manifests. Call it at the
 * point of use (inside a headers function), not at construction, so a missing key fails only
 * the work that needs it.
 *
 * @throws ConfigurationError `missing_secret` (with `setting` = the environment variable) when
 * neither source has a non-empty value; its message names both fixes.
 * @throws ConfigurationError `invalid_secret` when `value` is not a string.
 */
export function loadSecret(options: LoadSecretOptions): string {
  const optionName = options.optionName ?? 'apiKey';
  const given: unknown = options.value;
  if (given !== undefined && typeof given !== 'string') {
    // Never echo the value: it may be a key passed in the wrong shape.
    throw new ConfigurationError({
      code: 'invalid_secret',
      setting: optionName,
      message: `${options.description} must be a string, but the '${optionName}' option is a ${typeof given}.`,
    });
  }
  // Keys pasted from a file or a portal often carry a trailing newline, which is an invalid header
  // value; a blank option (`apiKey: ''`) falls back to the environment like an absent one.
  const fromOption = given?.trim() ?? '';
  const secret =
    fromOption !== ''
      ? fromOption
      : ((options.env ?? processEnvironment())[options.environmentVariable]?.trim() ?? '');
  if (secret === '') {
    throw new ConfigurationError({
      code: 'missing_secret',
      setting: options.environmentVariable,
      message:
        `${options.description} is missing. Pass it with the '${optionName}' option ` +
        `or set the ${options.environmentVariable} environment variable.`,
    });
  }
  registerSecret(secret);
  return secret;
}
