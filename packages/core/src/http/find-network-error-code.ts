const maxCauseDepth = 8;

/**
 * The first system or undici error code on `error`'s cause chain, e.g. `ECONNRESET`,
 * `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`; `undefined` when there is none. Fetch wraps the
 * real failure in a bare `TypeError: fetch failed`, so the code is usually one or two levels down.
 */
export function findNetworkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < maxCauseDepth && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(?:E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    const nested = (current as { errors?: unknown }).errors;
    // Happy-eyeballs connection attempts fail as an AggregateError with one error per address.
    if (Array.isArray(nested)) {
      for (const item of nested) {
        const nestedCode = findNetworkErrorCode(item);
        if (nestedCode !== undefined) return nestedCode;
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The innermost message on `error`'s cause chain, which is where fetch keeps the useful one. */
export function innermostErrorMessage(error: unknown): string | undefined {
  let message: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < maxCauseDepth && current instanceof Error; depth += 1) {
    if (current.message !== '') message = current.message;
    current = current.cause;
  }
  return message;
}
