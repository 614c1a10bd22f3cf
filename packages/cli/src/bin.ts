#!/usr/bin/env node
import { limitHeapGrowth } from '@toex/core';
import { runCli } from './main';

// A batch command owns its process: keep the heap near what is live (see limitHeapGrowth).
limitHeapGrowth();

const stop = new AbortController();
const abort = new AbortController();
// First Ctrl-C: send nothing new, let requests on the wire finish and be kept (they may be billed).
// Second: cancel them. Third: exit at once.
process.on('SIGINT', () => {
  if (!stop.signal.aborted) {
    process.stderr.write(
      '\nStopping: finishing the requests in flight so they are kept (Ctrl-C again to cancel them).\n',
    );
    stop.abort(new Error('interrupted'));
  } else if (!abort.signal.aborted) {
    abort.abort(new Error('interrupted twice'));
  } else {
    process.exit(130);
  }
});

// SIGTERM (a service manager stopping `toex worker`, a container shutting down) is a first Ctrl-C.
process.on('SIGTERM', () => {
  if (!stop.signal.aborted) stop.abort(new Error('terminated'));
  else if (!abort.signal.aborted) abort.abort(new Error('terminated twice'));
  else process.exit(143);
});

runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() },
  abort.signal,
  stop.signal,
).then((code) => {
  process.exitCode = code;
});
