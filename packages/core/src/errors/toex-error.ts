const marker = 'toex.error';
const symbol = Symbol.for(marker);

/** Options shared by every toex error. */
export interface ToexErrorOptions {
  /** Stable, machine-readable code (`snake_case`), e.g. `missing_secret`, `http_429`. Scripts branch on it. */
  code: string;
  /** What went wrong, where, and what to do about it. */
  message: string;
  /** True when sending the same request again later may succeed. Defaults to false. */
  retryable?: boolean;
  /** The underlying error, kept on the standard `cause` chain. */
  cause?: unknown;
}

/**
 * Base class of every error toex throws.
 *
 * Recognise it with {@link ToexError.isInstance} rather than `instanceof`: the check uses a
 * `Symbol.for` marker, so it holds across duplicate installs and ESM/CJS copies of the package.
 */
export class ToexError extends Error {
  private readonly [symbol] = true;

  /** Stable, machine-readable code; e.g. `missing_secret`, `http_429`. */
  readonly code: string;
  /** True when the same request may succeed if sent again later. */
  readonly retryable: boolean;

  constructor({ code, message, retryable = false, cause }: ToexErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ToexError';
    this.code = code;
    this.retryable = retryable;
  }

  /** True for any toex error, from any copy of `@toex/core`. */
  static isInstance(error: unknown): error is ToexError {
    return hasMarker(error, marker);
  }
}

/**
 * True when `error` carries the `Symbol.for(markerName)` brand. Subclasses call it with their own
 * marker so that `XError.isInstance` works across module copies, as the base class does.
 */
export function hasMarker(error: unknown, markerName: string): boolean {
  if (error === null || typeof error !== 'object') return false;
  const brand = Symbol.for(markerName);
  return brand in error && (error as Record<symbol, unknown>)[brand] === true;
}
