import { describe, expect, expectTypeOf, it } from 'vitest';
import { ProgressEmitter } from './progress-emitter';
import type { JobProgressEvent, JobStartedEvent } from './progress-events';

describe('ProgressEmitter', () => {
  it('delivers each event with its payload to its listeners, until they are removed', () => {
    const events = new ProgressEmitter();
    const seen: string[] = [];
    const onProgress = (event: JobProgressEvent) =>
      seen.push(`progress ${event.rowsDone}/${event.rowsTotal}`);
    events.on('started', (event) => seen.push(`started ${event.jobId} ${event.unit}`));
    events.on('progress', onProgress);
    events.once('finished', (event) => seen.push(`finished ${event.status} ${event.failedRows}`));

    events.emit('started', {
      jobId: 'job-1',
      kind: 'translation',
      startedAt: '2026-11-22T09:30:00.000Z',
      unit: 'characters',
    });
    events.emit('progress', {
      jobId: 'job-1',
      rowsDone: 1,
      rowsTotal: 2,
      unitsDone: 10,
      unit: 'characters',
      billedUnits: 10,
    });
    events.off('progress', onProgress);
    events.emit('progress', {
      jobId: 'job-1',
      rowsDone: 2,
      rowsTotal: 2,
      unitsDone: 20,
      unit: 'characters',
      billedUnits: 20,
    });
    const finished = {
      jobId: 'job-1',
      status: 'completed' as const,
      finishedAt: '2026-11-22T09:31:00.000Z',
      durationMs: 60_000,
      rowsDone: 2,
      failedRows: 0,
      unitsDone: 20,
      unit: 'characters',
      billedUnits: 20,
    };
    events.emit('finished', finished);
    events.emit('finished', finished);

    expect(seen).toEqual(['started job-1 characters', 'progress 1/2', 'finished completed 0']);
  });

  it('types listeners and payloads by event name', () => {
    const events = new ProgressEmitter();
    events.on('started', (event) => expectTypeOf(event).toEqualTypeOf<JobStartedEvent>());
    events.on('retry', (event) => {
      expectTypeOf(event.attempt).toEqualTypeOf<number>();
      expectTypeOf(event.requestId).toEqualTypeOf<string | undefined>();
    });
    // @ts-expect-error: not a progress event
    events.on('done', () => {});
    // @ts-expect-error: a warning needs a code and a message
    events.emit('warning', { jobId: 'job-1', row: 3 });
    expect(events.listenerCount('started')).toBe(1);
  });
});
