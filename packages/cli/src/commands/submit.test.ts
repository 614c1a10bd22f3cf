import { describe, expect, it } from 'vitest';
import { type CliIo, ExitCode } from '../io';
import { runCli } from '../main';

function bufferedIo(): CliIo & { err: () => string; out: () => string } {
  let err = '';
  let out = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    env: {},
    cwd: '/',
    err: () => err,
    out: () => out,
  };
}

// Checked before any connection: the Redis URL points nowhere, so reaching it would fail differently.
const submit = ['submit', 'translate', 'phone.csv', '--to', 'en', '--redis', 'redis://127.0.0.1:1'];

describe('toex submit translate --case-budget / --org-budget', () => {
  it.each([
    [['--case-budget', '500'], /--case-budget needs --case REF/],
    [['--org-budget', '20000'], /--org-budget needs --org NAME/],
    [
      ['--case', 'OP-1', '--case-budget', '£500'],
      /--case-budget takes an amount like 500 or 12.50, not "£500"/,
    ],
    [['--org', 'force-a', '--org-budget=-3'], /--org-budget takes an amount/],
  ])('refuses %j as a usage error, queuing nothing', async (flags, message) => {
    const io = bufferedIo();
    const code = await runCli([...submit, ...flags], io);
    expect(code).toBe(ExitCode.usage);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('documents both flags in its help', async () => {
    const io = bufferedIo();
    await runCli(['submit', 'translate', '--help'], io);
    expect(io.out()).toMatch(/--case-budget AMOUNT[\s\S]*Needs --case/);
    expect(io.out()).toMatch(/--org-budget AMOUNT[\s\S]*Needs --org/);
  });
});
