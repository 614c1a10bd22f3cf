import { describe, expect, it } from 'vitest';
import { ToexAbortError } from '../errors/abort-error';
import { untilAborted } from './until-aborted';

describe('untilAborted', () => {
  it('stops waiting when the caller aborts, while the shared work goes on', async () => {
    let finish: (value: string) => void = () => {};
    const shared = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const controller = new AbortController();
    const waiting = untilAborted(shared, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toSatisfy((error: unknown) => ToexAbortError.isInstance(error));
    finish('done');
    await expect(untilAborted(shared, new AbortController().signal)).resolves.toBe('done');
  });
});
