// Runs the detection worker from its TypeScript source, for tests: Node 20 does not apply loader hooks
// given to a worker with `--import` to the worker's own entry file, so the loader is registered here.
import { register } from 'tsx/esm/api';

register();
await import('../detection-worker.ts');
