import { ToexAbortError } from '../errors/abort-error';

/** The longest wait a Node timer supports, in milliseconds (about 24.8 days); longer ones fire at once. */
export const MAX_DELAY_MS = 2_147_483_647;

/**
 * Resolves after `delayMs` milliseconds, or rejects with `ToexAbortError` as soon as `signal`
 * aborts (at once if it already has). Zero, negative and `NaN` delays resolve on the next tick.
 * The timer and listener are always cleaned up, so nothing keeps the process alive afterwards.
 *
 * @throws RangeError for a delay above {@link MAX_DELAY_MS}, which Node would silently shorten to 1 ms.
 */
export function delay(delayMs: number, signal?: AbortSignal): Promise<void> {
  if (delayMs > MAX_DELAY_MS) {
    return Promise.reject(
      new RangeError(`delay(${delayMs}) exceeds the longest timer Node supports (${MAX_DELAY_MS} ms).`),
    );
  }
  if (signal?.aborted) return Promise.reject(new ToexAbortError({ cause: signal.reason }));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ToexAbortError({ cause: signal?.reason }));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Number.isNaN(delayMs) ? 0 : Math.max(0, delayMs),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
