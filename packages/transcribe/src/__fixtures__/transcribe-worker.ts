// Run by resume-after-kill.test.ts in a child process: transcribes one file through a slow stand-in
// provider, one chunk at a time, with a file chunk store. Prints `call <n>` as each request starts and
// `done <n>` once n chunks are finished (stored), so the test can `kill -9` it between chunks.
import { ProgressEmitter } from '@toex/core';
import { transcribeFiles } from '../job/transcribe-files';
import { createScriptedTranscriber } from './scripted-transcriber';

const [input, cache, out] = process.argv.slice(2);
if (input === undefined || cache === undefined || out === undefined) throw new TypeError('usage: transcribe-worker <input> <cache> <out>');
const events = new ProgressEmitter();
events.on('progress', (event) => process.stdout.write(`done ${event.rowsDone}\n`));
const provider = createScriptedTranscriber({
  delayMs: () => 150,
  onCall: (call) => process.stdout.write(`call ${call + 1}\n`),
});
await transcribeFiles({ inputs: [input], provider, outputDir: out, cache, concurrency: 1, events });
process.stdout.write('finished\n');
