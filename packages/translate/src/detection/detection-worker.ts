/**
 * Worker-thread entry: answers batches of texts with eld's guesses. Built as its own file next to the
 * package's entry points (see `worker-language-detector.ts`); never imported.
 */
import { parentPort } from 'node:worker_threads';
import type { DetectionRequest, DetectionResponse } from './detection-protocol';
import { importEld } from './eld-model';

const port = parentPort;
if (port === null) throw new Error('detection-worker runs only as a worker thread.');
const eld = await importEld();
port.on('message', ({ id, texts }: DetectionRequest) => {
  let response: DetectionResponse;
  try {
    const languages: string[] = [];
    const reliable = new Uint8Array(texts.length);
    texts.forEach((text, index) => {
      const result = eld.detect(text);
      languages.push(result.language);
      if (result.language !== '' && result.isReliable()) reliable[index] = 1;
    });
    response = { id, languages, reliable };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
