/** The signal of one HTTP attempt, and how it ended. */
export interface AttemptSignal {
  /** Aborts when the caller's signal aborts or the timeout expires, whichever happens first. */
  signal: AbortSignal;
  /** True when the timeout, not the caller, aborted the attempt. */
  timedOut(): boolean;
  /** True when the caller's signal, not the timeout, aborted the attempt. */
  callerAborted(): boolean;
  /** Clears the timer and unhooks from the caller's signal; call when the attempt ends. */
  dispose(): void;
}

/**
 * Combines the caller's signal with a per-attempt timeout. Not `AbortSignal.any`: on Node 20 it
 * keeps every combined signal alive for as long as the caller's signal lives (nodejs/node#54614,
 * #55351), and a bulk job makes one per request. One controller also settles races exactly —
 * whichever source aborts it first sets its reason, and a later abort is a no-op.
 */
export function createAttemptSignal(callerSignal: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  const timeoutReason = new DOMException(`Timed out after ${timeoutMs} ms.`, 'TimeoutError');
  // A timer of our own rather than AbortSignal.timeout: it is cleared as soon as the attempt
  // ends, and fake timers in tests control it.
  const timer = setTimeout(() => controller.abort(timeoutReason), timeoutMs);
  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => controller.signal.aborted && controller.signal.reason === timeoutReason,
    callerAborted: () => controller.signal.aborted && controller.signal.reason !== timeoutReason,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
