import { EventEmitter } from 'eventemitter3';
import type { ProgressEventMap } from './progress-events';

/**
 * A typed event emitter for job progress: `on`, `once`, `off` and `emit` accept only the events of
 * {@link ProgressEventMap} with their payloads.
 *
 * Listeners run synchronously inside the job, so keep them fast; an exception thrown by a listener
 * propagates into the job that emitted the event.
 *
 * @example
 * const events = new ProgressEmitter();
 * events.on('progress', ({ rowsDone, rowsTotal, etaSeconds }) => render(rowsDone, rowsTotal, etaSeconds));
 * await translateFile({ …, events });
 */
export class ProgressEmitter extends EventEmitter<ProgressEventMap> {}
