import { hasMarker, ToexError } from './toex-error';

const marker = 'toex.error.configuration';
const symbol = Symbol.for(marker);

/** A setting is missing or invalid: an API key, an endpoint, an option value. Never retryable. */
export class ConfigurationError extends ToexError {
  private readonly [symbol] = true;
  /** The option or environment variable at fault, when there is one. */
  readonly setting: string | undefined;

  constructor(options: { code?: string; message: string; setting?: string; cause?: unknown }) {
    super({ code: options.code ?? 'invalid_configuration', message: options.message, cause: options.cause });
    this.name = 'ConfigurationError';
    this.setting = options.setting;
  }

  static override isInstance(error: unknown): error is ConfigurationError {
    return hasMarker(error, marker);
  }
}
