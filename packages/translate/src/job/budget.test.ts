import { join } from 'node:path';
import { type JobWarningEvent, ProgressEmitter } from '@toex/core';
import { createMemoryLedger } from '@toex/costing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGlossary } from '../glossary/load-glossary';
import { createAzureTranslator } from '../providers/azure';
import { createDeeplTranslator } from '../providers/deepl';
import { createAzureTranslatorHandlers, createDeeplHandlers } from '../testing';
import {
  chatHeader,
  chatRows,
  readCsvOutput,
  temporaryDirectory,
  writeExport,
} from './__fixtures__/job-fixtures';
import { estimateTranslation } from './estimate-translation';
import { translateFile } from './translate-file';

// Budgets against the msw fake of Azure Translator, priced from the shipped catalogue (Azure S1: USD 10 per
// million characters). A budget is a hard cap: the request that would cross it is never sent.

const KEY = '0123456789abcdef0123456789abcdef';
const DEEPL_KEY = '3b9e1f2a-7c4d-4e8f-a1b2-c3d4e5f60718';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

// 150 distinct messages of exactly 1,000 characters: Azure takes 50,000 characters a request, so the job
// needs three requests of 50 messages, USD 0.50 each.
const bodies = Array.from({ length: 150 }, (_, index) => {
  const head = `Mensaje ${index}: `;
  return head + 'a'.repeat(1_000 - head.length);
});

async function run(budget: string) {
  const fake = createAzureTranslatorHandlers({ apiKey: KEY });
  server.use(...fake.handlers);
  const input = await writeExport(join(directory.path, 'chats.csv'), {
    header: chatHeader,
    rows: chatRows(bodies),
  });
  const output = join(directory.path, 'chats.en.csv');
  const ledger = createMemoryLedger();
  const events = new ProgressEmitter();
  const warnings: JobWarningEvent[] = [];
  events.on('warning', (event) => warnings.push(event));
  const result = await translateFile({
    input,
    output,
    provider: createAzureTranslator({ apiKey: KEY, fetch: globalThis.fetch }),
    from: 'es',
    to: ['en'],
    costing: { currency: 'USD' },
    budget: { job: budget },
    ledger: { ledger, organisation: 'Example Constabulary', caseReference: 'OP-2024-0193' },
    events,
  });
  const { records } = await readCsvOutput(output);
  return {
    fake,
    result,
    ledger,
    warnings,
    status: records.slice(1).map((record) => record.at(-2)),
    ids: records.slice(1).map((record) => record[0]),
  };
}

describe('translateFile with a budget', () => {
  it('cuts the request that would cross the cap to what the budget pays for, keeps every row, and records what was spent', async () => {
    const { fake, result, ledger, warnings, status, ids } = await run('1.20');

    // Two full requests (USD 1.00), then the third cut to the 20 messages the remaining USD 0.20 pays for;
    // its other 30 were refused before anything was sent.
    expect(fake.requests.map((request) => (request.body as unknown[]).length)).toEqual([50, 50, 20]);
    expect(fake.billedCharacters()).toBe(120_000);
    expect(result.stoppedBy?.code).toBe('budget_exceeded');
    // Every row is in the output, in order; the ones never sent are marked, not dropped.
    expect(ids).toEqual(bodies.map((_, index) => String(index + 1)));
    expect(status).toEqual(bodies.map((_, index) => (index < 120 ? 'ok' : 'failed:budget_exceeded')));
    expect(result.failedRows).toBe(30);
    expect(result.manifest.counts).toMatchObject({ rows: 150, failed: 30, requests: 3 });
    expect(result.manifest.warnings).toContainEqual(expect.objectContaining({ code: 'budget_exceeded' }));

    // The cost is exact, within the cap, and the same in the result, the manifest and the ledger.
    expect(result.cost).toEqual({ amount: '1.20', currency: 'USD' });
    expect(result.manifest.cost).toEqual({ amount: '1.20', currency: 'USD', estimated: true });
    const lines = ledger.snapshot();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      kind: 'charge',
      jobId: result.jobId,
      organisation: 'Example Constabulary',
      caseReference: 'OP-2024-0193',
      provider: 'azure',
      service: 'translator',
      sku: 'S1',
      quantity: '120000',
      reportedQuantity: '120000',
      clientQuantity: '120000',
      currency: 'USD',
    });
    expect(Number(lines[0]!.cost)).toBe(Number(result.cost!.amount));
    // The user was told as spending approached the cap.
    expect(warnings.filter((warning) => warning.code === 'budget_threshold')).toHaveLength(3);
  });

  it('sends nothing at all when even the first request would cross the cap', async () => {
    const { fake, result, ledger, status } = await run('0.0001');
    expect(fake.requests).toHaveLength(0);
    expect(status).toEqual(bodies.map(() => 'failed:budget_exceeded'));
    expect(result).toMatchObject({
      rows: 150,
      failedRows: 150,
      billedCharacters: 0,
      stoppedBy: { code: 'budget_exceeded' },
    });
    expect(result.cost).toEqual({ amount: '0.00', currency: 'USD' });
    expect(ledger.snapshot().map((line) => Number(line.cost))).toEqual([0]);
  });
});

describe('translateFile with a budget of half the estimate', () => {
  // Messages of 300 to 1,400 characters, each distinct, with a glossary term in every one: 40 fit in one
  // Azure request, so before a request could be cut to the budget, half the estimate sent nothing at all.
  const messages = Array.from({ length: 40 }, (_, index) => {
    const head = `Mensaje ${index}: La Paloma dice que `;
    return head + 'b'.repeat(300 + ((index * 277) % 1_100) - head.length);
  });
  const glossary = createGlossary([{ term: 'La Paloma', translation: 'The Dove' }]);

  type Case = {
    name: string;
    provider: 'azure' | 'deepl';
    to: string[];
    withGlossary?: boolean;
  };
  it.each<Case>([
    { name: 'one target', provider: 'azure', to: ['en'] },
    { name: 'two targets billed per target', provider: 'azure', to: ['en', 'fr'] },
    {
      name: 'glossary markup billed (Azure dynamic dictionary)',
      provider: 'azure',
      to: ['en'],
      withGlossary: true,
    },
    { name: 'one request per target (DeepL)', provider: 'deepl', to: ['EN-GB', 'FR'] },
  ])(
    '$name: spends about the budget on the first messages and marks the rest failed:budget_exceeded',
    async (test) => {
      const fake =
        test.provider === 'azure'
          ? createAzureTranslatorHandlers({ apiKey: KEY })
          : createDeeplHandlers({ apiKey: DEEPL_KEY });
      server.use(...fake.handlers);
      const input = await writeExport(join(directory.path, 'chats.csv'), {
        header: chatHeader,
        rows: chatRows(messages),
      });
      const output = join(directory.path, 'chats.out.csv');
      const provider =
        test.provider === 'azure'
          ? createAzureTranslator({ apiKey: KEY, fetch: globalThis.fetch })
          : createDeeplTranslator({ apiKey: DEEPL_KEY, fetch: globalThis.fetch });
      const currency = test.provider === 'azure' ? 'USD' : 'EUR';
      const common = {
        input,
        provider,
        from: 'es',
        to: test.to,
        costing: { currency },
        ...(test.withGlossary === true ? { glossary } : {}),
      };
      // What a user does: estimate, then give half of it as the budget.
      const estimate = await estimateTranslation(common);
      const estimated = Number(estimate.cost!.amount);
      const budget = (estimated / 2).toFixed(6);
      const result = await translateFile({ ...common, output, budget: { job: budget } });

      // Nothing lost: every row, in order; a run of translated messages, then the ones the budget refused.
      const { records } = await readCsvOutput(output);
      expect(records.slice(1).map((record) => record[0])).toEqual(
        messages.map((_, index) => String(index + 1)),
      );
      const status = records.slice(1).map((record) => record.at(-2));
      const translated = status.filter((value) => value === 'ok').length;
      expect(translated).toBeGreaterThan(0);
      expect(status).toEqual(
        messages.map((_, index) => (index < translated ? 'ok' : 'failed:budget_exceeded')),
      );
      // Stopped by the budget, which the command reports with exit code 3.
      expect(result.stoppedBy?.code).toBe('budget_exceeded');
      expect(result.failedRows).toBe(messages.length - translated);

      // Spent no more than the budget, and all of it but less than one message's worth (and rounding).
      const spent = Number(result.cost!.amount);
      const pricePerCharacter = estimated / estimate.billableCharacters;
      const longest = Math.max(...messages.map((message) => message.length));
      const oneMessage =
        longest * test.to.length * pricePerCharacter * (test.withGlossary === true ? 1.2 : 1);
      expect(spent).toBeLessThanOrEqual(Number(budget));
      expect(spent).toBeGreaterThanOrEqual(0.9 * Number(budget) - oneMessage);
      // What the provider billed is what was spent, and about half the job's characters were translated.
      expect(fake.billedCharacters() * pricePerCharacter).toBeCloseTo(spent, 2);
      const characters = (upTo: number) =>
        messages.slice(0, upTo).reduce((sum, message) => sum + message.length, 0);
      const share = characters(translated) / characters(messages.length);
      expect(share).toBeGreaterThan(0.4);
      expect(share).toBeLessThanOrEqual(0.5);
    },
  );
});
