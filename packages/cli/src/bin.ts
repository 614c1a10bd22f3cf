#!/usr/bin/env node
import { runCli } from './main';

const controller = new AbortController();
// First Ctrl-C stops cleanly (results so far are kept in the cache); a second one exits at once.
process.once('SIGINT', () => {
  controller.abort(new Error('interrupted'));
  process.once('SIGINT', () => process.exit(130));
});

runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() },
  controller.signal,
).then((code) => {
  process.exitCode = code;
});
