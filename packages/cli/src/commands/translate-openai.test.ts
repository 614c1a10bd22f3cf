import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOpenAiChatHandlers } from '@toex/translate/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bufferedIo, temporaryDirectory, withEnvironment } from '../__fixtures__/cli-test-io';
import { ExitCode } from '../io';
import { runCli } from '../main';

// `toex translate --provider openai`: a chat model as translator, priced per token, against the msw fake of
// Chat Completions (https://platform.openai.com/docs/api-reference/chat/create; content filter:
// https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter).

const KEY = 'sk-test-0123456789abcdefghijklmnop';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let directory: { path: string; remove: () => Promise<void> };
let restoreEnvironment: () => void = () => {};
beforeEach(async () => {
  directory = await temporaryDirectory();
  restoreEnvironment = withEnvironment({ OPENAI_API_KEY: KEY });
});
afterEach(async () => {
  restoreEnvironment();
  await directory.remove();
});

async function writeExport(): Promise<string> {
  const path = join(directory.path, 'export.csv');
  const rows = [
    'Id,Party,Message Body',
    '1,+447700900123,"Hola, ¿dónde estás?"',
    '2,+447700900456,Te voy a matar: es una amenaza.',
    '3,+447700900123,Nos vemos mañana en la estación.',
    '4,+447700900456,Vale.',
  ];
  await writeFile(path, `${rows.join('\r\n')}\r\n`);
  return path;
}

function run(args: string[], model = 'gpt-4o-mini') {
  const io = bufferedIo({ cwd: directory.path, env: { OPENAI_MODEL: model }, fetch: globalThis.fetch });
  return {
    io,
    code: runCli(['translate', ...args, '--to', 'en', '--from', 'es', '--provider', 'openai'], io),
  };
}

describe('toex translate --provider openai', () => {
  it('estimates the tokens and their cost before sending anything', async () => {
    const fake = createOpenAiChatHandlers({ apiKey: KEY });
    server.use(...fake.handlers);
    const input = await writeExport();
    const { io, code } = run([input, '--estimate']);
    expect(await code).toBe(ExitCode.ok);
    expect(io.out()).toMatch(/tokens \(estimated\) +\d+ input, \d+ output/);
    expect(io.out()).toMatch(/cost +0\.\d+ USD \(estimated\)/);
    expect(fake.requests).toHaveLength(0);
  });

  it('translates within a budget, prices the reported tokens, and fails only the message the content filter refuses (exit 4)', async () => {
    const fake = createOpenAiChatHandlers({
      apiKey: KEY,
      contentFilter: (segments) =>
        segments.some((segment) => segment.text.includes('amenaza')) ? 'prompt' : undefined,
    });
    server.use(...fake.handlers);
    const input = await writeExport();
    const { io, code } = run([input, '--no-cache', '--budget', '1', '--json']);
    expect(await code).toBe(ExitCode.failedRows);
    const summary = JSON.parse(io.out().trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({
      event: 'summary',
      rows: 4,
      failedRows: 1,
      tokens: { source: 'provider-reported' },
      cost: { currency: 'USD' },
    });
    const output = await readFile(join(directory.path, 'export.translated.csv'), 'utf8');
    const statuses = output
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',').at(-2));
    expect(statuses).toEqual(['ok', 'failed:content_filter', 'ok', 'ok']);
  });

  it('says how to give the price of a model the catalogue lacks, and refuses --budget without one', async () => {
    server.use(...createOpenAiChatHandlers({ apiKey: KEY }).handlers);
    const input = await writeExport();
    const estimate = run([input, '--estimate'], 'my-fine-tune');
    expect(await estimate.code).toBe(ExitCode.ok);
    expect(estimate.io.out()).toContain(
      'cost                 unknown: no price for openai/chat-translation/my-fine-tune:input and openai/chat-translation/my-fine-tune:output',
    );
    expect(estimate.io.out()).toContain('--prices FILE');

    const budgeted = run([input, '--budget', '5'], 'my-fine-tune');
    expect(await budgeted.code).toBe(ExitCode.usage);
    expect(budgeted.io.err()).toMatch(/A budget needs a price for .*my-fine-tune:input.*--prices FILE/);

    const prices = join(directory.path, 'prices.json');
    const entry = (direction: string, price: string) => ({
      provider: 'openai',
      service: 'chat-translation',
      sku: `my-fine-tune:${direction}`,
      description: `my-fine-tune ${direction} tokens`,
      unit: `${direction}-token`,
      unitSize: '1000000',
      unitPrice: price,
      currency: 'USD',
      effectiveFrom: '2026-01-01',
      source: { checked: '2026-12', confidence: 'contract' },
    });
    await writeFile(
      prices,
      JSON.stringify({ version: 'contract', entries: [entry('input', '3'), entry('output', '12')] }),
    );
    const priced = run([input, '--budget', '5', '--prices', prices, '--no-cache', '--json'], 'my-fine-tune');
    expect(await priced.code).toBe(ExitCode.ok);
    const summary = JSON.parse(priced.io.out().trim().split('\n').at(-1)!);
    expect(Number(summary.cost.amount)).toBeGreaterThan(0);
  });
});
