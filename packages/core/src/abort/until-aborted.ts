import { ToexAbortError } from '../errors/abort-error';

/**
 * `promise`, or a rejection with {@link ToexAbortError} as soon as `signal` aborts. For waiting on work
 * shared between callers (a language list, a glossary being created) that one caller's abort must not
 * cancel: the work goes on, only this caller stops waiting.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  ToexAbortError.throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ToexAbortError({ cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
