import { describe, expect, it } from 'vitest';
import { ToexAbortError } from './abort-error';
import { BudgetExceededError } from './budget-exceeded-error';
import { ConfigurationError } from './configuration-error';
import { InputError } from './input-error';
import { ToexError } from './toex-error';

describe('toex errors', () => {
  it('are recognised across two separately loaded copies of the module', async () => {
    // A query suffix makes Vite load a second, independent instance of each module, as a duplicate
    // install or an ESM/CJS pair would.
    const inputErrorCopy = './input-error?second-copy';
    const toexErrorCopy = './toex-error?second-copy';
    const copy = (await import(/* @vite-ignore */ inputErrorCopy)) as typeof import('./input-error');
    const copyBase = (await import(/* @vite-ignore */ toexErrorCopy)) as typeof import('./toex-error');
    const fromCopy = new copy.InputError({ message: 'bad', file: 'a.csv', line: 3 });

    expect(copy.InputError).not.toBe(InputError);
    expect(fromCopy instanceof InputError).toBe(false);
    expect(InputError.isInstance(fromCopy)).toBe(true);
    expect(ToexError.isInstance(fromCopy)).toBe(true);
    expect(copyBase.ToexError.isInstance(new ConfigurationError({ message: 'x' }))).toBe(true);
  });

  it('tells the subclasses apart', () => {
    const input = new InputError({ message: 'bad' });
    expect(ConfigurationError.isInstance(input)).toBe(false);
    expect(BudgetExceededError.isInstance(input)).toBe(false);
    expect(ToexAbortError.isInstance(new ToexAbortError())).toBe(true);
    expect(ToexError.isInstance(new Error('plain'))).toBe(false);
    expect(ToexError.isInstance({ code: 'x' })).toBe(false);
    expect(ToexError.isInstance(null)).toBe(false);
  });

  it('names the file, line and row of bad input in the message', () => {
    const error = new InputError({
      code: 'unbalanced_quote',
      message: 'a quote never closes.',
      file: 'export.csv',
      line: 12,
      row: 9,
    });
    expect(error.message).toBe('export.csv:12, row 9: a quote never closes.');
    expect(error.code).toBe('unbalanced_quote');
    expect(error.retryable).toBe(false);
  });

  it('keeps the cause chain', () => {
    const root = new Error('ECONNRESET');
    const error = new ToexError({ code: 'network_error', message: 'failed', retryable: true, cause: root });
    expect(error.cause).toBe(root);
    expect(error.retryable).toBe(true);
  });

  it('says what budget would be crossed and that nothing was sent', () => {
    const error = new BudgetExceededError({
      scope: 'case',
      subject: '2024/0193',
      limit: '5.00',
      committed: '4.90',
      requested: '0.20',
      currency: 'GBP',
    });
    expect(error.message).toContain('case "2024/0193" budget of 5.00 GBP would be exceeded');
    expect(error.message).toContain('Nothing more was sent');
    expect(error.code).toBe('budget_exceeded');
  });

  it('turns an aborted signal into a ToexAbortError carrying the reason', () => {
    const controller = new AbortController();
    controller.abort(new Error('user pressed Ctrl-C'));
    try {
      ToexAbortError.throwIfAborted(controller.signal);
      expect.unreachable();
    } catch (error) {
      expect(ToexAbortError.isInstance(error)).toBe(true);
      expect((error as ToexAbortError).cause).toBe(controller.signal.reason);
    }
  });
});
