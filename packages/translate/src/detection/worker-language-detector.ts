import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DetectionRequest, DetectionResponse } from './detection-protocol';
import type { LanguageDetector, LanguageGuess } from './language-detector';

/** Heap limits of the worker, in MB. */
const workerHeapLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };

/** Where the built worker lives: beside the package's entry points in `dist/`. */
const builtWorker = new URL('./detection-worker.js', import.meta.url);

/** Options of {@link startWorkerLanguageDetector}; the defaults are what the package uses. */
export interface WorkerDetectorOptions {
  /** The worker's entry file (tests start it from the sources through a loader). */
  workerUrl?: URL;
  /** Called once if the worker fails or exits: every later request is refused with that error. */
  onFailure?: (error: Error) => void;
}

/**
 * Starts the detection worker and returns a detector that sends it batches, or `undefined` when the
 * worker's file is not there (sources run by a test runner, or toex bundled into one file).
 *
 * The worker does not keep the process alive while it has nothing to do, and one worker serves every
 * job of the process: its model is loaded once.
 */
export async function startWorkerLanguageDetector(
  options: WorkerDetectorOptions = {},
): Promise<LanguageDetector | undefined> {
  const url = options.workerUrl ?? builtWorker;
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return undefined;
  // Bounded: the model is about 30 MB of heap, eld reads at most 1,000 characters of a text and a batch
  // is 512 texts, and its garbage dies at once (a small young generation costs nothing). Without a bound
  // V8 sizes this second heap as generously as the job's own: 40 MB more peak RSS on a 350,000-row job.
  // An out-of-memory worker fails the job loudly, and a rerun resumes it.
  const worker = new Worker(url, { resourceLimits: workerHeapLimits });
  const pending = new Map<
    number,
    { resolve: (guesses: Array<LanguageGuess | undefined>) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let failure: Error | undefined;
  const idle = (): void => {
    if (pending.size === 0) worker.unref();
  };
  const failAll = (error: Error): void => {
    if (failure === undefined) options.onFailure?.(error);
    failure ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (response: DetectionResponse) => {
    const waiting = pending.get(response.id);
    if (waiting === undefined) return;
    pending.delete(response.id);
    if ('error' in response) waiting.reject(new Error(`Language detection failed: ${response.error}`));
    else {
      waiting.resolve(
        response.languages.map((language, index) =>
          language === '' ? undefined : { language, reliable: response.reliable[index] === 1 },
        ),
      );
    }
    idle();
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) =>
    failAll(new Error(`The language detection worker stopped (exit code ${code}).`)),
  );
  idle();
  return {
    detectMany(texts) {
      if (failure !== undefined) return Promise.reject(failure);
      if (texts.length === 0) return Promise.resolve([]);
      const id = nextId++;
      const request: DetectionRequest = { id, texts };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Held open while a batch is out: the job is waiting for it.
        worker.ref();
        worker.postMessage(request);
      });
    },
  };
}
