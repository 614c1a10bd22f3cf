import { failsEveryRequest } from '../pipeline/failure';
import type { TranslationJobOptions } from './translation-job-options';

/**
 * Stops a job before it writes anything when its first answers are refusals that no retry can fix (a
 * missing or refused key, nothing at the endpoint, an unsupported language pair): the user gets the
 * provider's message and exit code 2 instead of an output full of failed rows. Once the provider has
 * answered one request, failures are marked rows as before, so translated work is never thrown away.
 */
export interface FailFast {
  /** The job's signal: aborts with the caller's, or when a refusal stops the job. */
  readonly signal: AbortSignal;
  /** For the request sender's `onFinalFailure`. */
  onFinalFailure(error: unknown, answeredRequests: number): void;
  /** The refusal that stopped the job, to throw in place of the abort it caused. */
  readonly error: unknown;
  /** Stops listening to the caller's signal. */
  dispose(): void;
}

/** Creates the {@link FailFast} of one job. */
export function createFailFast(options: TranslationJobOptions): FailFast {
  const controller = new AbortController();
  const caller = options.signal;
  const forward = () => controller.abort(caller?.reason);
  if (caller?.aborted === true) forward();
  else caller?.addEventListener('abort', forward, { once: true });
  let stoppedBy: unknown;
  return {
    signal: controller.signal,
    onFinalFailure(error, answeredRequests) {
      if (stoppedBy !== undefined || answeredRequests > 0) return;
      if (!failsEveryRequest(error, { sourceFixed: options.from !== undefined })) return;
      stoppedBy = error;
      controller.abort(error);
    },
    get error() {
      return stoppedBy;
    },
    dispose() {
      caller?.removeEventListener('abort', forward);
    },
  };
}
