import { join } from 'node:path';
import { ConfigurationError } from '@toex/core';
import { createMemoryLedger, Decimal, defaultPriceCatalogue } from '@toex/costing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { billedUsageOf } from '../pipeline/billed-failure';
import { createOpenAiTranslator } from '../providers/openai';
import type { TokenUsage, TranslationProvider } from '../spec';
import { createOpenAiChatHandlers } from '../testing';
import {
  chatHeader,
  chatRows,
  readCsvOutput,
  temporaryDirectory,
  writeExport,
} from './__fixtures__/job-fixtures';
import { estimateTranslation } from './estimate-translation';
import { translateFile } from './translate-file';

// A chat model as translator, priced per token from the shipped catalogue (openai gpt-4o-mini: USD 0.15 per
// million input tokens, 0.60 per million output tokens) against the msw fake of Chat Completions
// (https://platform.openai.com/docs/api-reference/chat/create), which reports `usage.prompt_tokens` and
// `usage.completion_tokens` as characters ÷ 4.

const KEY = 'sk-test-0123456789abcdefghijklmnop';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

// 60 distinct Spanish messages: two requests of the translator's default 40 segments.
const bodies = Array.from(
  { length: 60 },
  (_, index) => `Mensaje ${index}: nos vemos mañana en la estación a las ${index % 24} horas, ¿vale?`,
);

/** The fake's own count of a request's tokens: the prompt's characters ÷ 4 and the reply's, rounded up. */
function reportedTokens(fake: ReturnType<typeof createOpenAiChatHandlers>) {
  let input = 0;
  let output = 0;
  for (const entry of fake.requests) {
    if (entry.status !== 200) continue;
    const messages = (entry.body as { messages: Array<{ content: string }> }).messages;
    const segments = JSON.parse(messages[1]!.content).segments as Array<{ id: number; text: string }>;
    input += Math.ceil((messages[0]!.content.length + JSON.stringify({ segments }).length) / 4);
    const reply = JSON.stringify({
      translations: segments.map((segment) => ({
        id: segment.id,
        text: `[en] ${segment.text.toUpperCase()}`,
      })),
    });
    output += Math.ceil(reply.length / 4);
  }
  return { input, output };
}

async function setUp(
  model = 'gpt-4o-mini',
  misbehave?: (segments: Array<{ id: number; text: string }>) => Array<{ id: number; text: string }>,
) {
  const fake = createOpenAiChatHandlers({ apiKey: KEY, ...(misbehave === undefined ? {} : { misbehave }) });
  server.use(...fake.handlers);
  const input = await writeExport(join(directory.path, 'chats.csv'), {
    header: chatHeader,
    rows: chatRows(bodies),
  });
  const provider = createOpenAiTranslator({ model, apiKey: KEY, fetch: globalThis.fetch });
  return { fake, input, output: join(directory.path, 'chats.en.csv'), provider };
}

describe('translateFile with a chat model billed per token', () => {
  it('prices the reported tokens in the result, the manifest and two ledger lines, estimates kept beside', async () => {
    const { fake, input, output, provider } = await setUp();
    const ledger = createMemoryLedger();
    const result = await translateFile({
      input,
      output,
      provider,
      from: 'es',
      to: ['en'],
      cache: false,
      costing: { currency: 'USD' },
      budget: { job: '1' },
      ledger: { ledger, organisation: 'Example Constabulary', caseReference: 'OP-2024-0193' },
    });
    expect(result.failedRows).toBe(0);
    expect(fake.requests).toHaveLength(2);
    const reported = reportedTokens(fake);
    expect(result.tokens).toMatchObject({
      inputTokens: reported.input,
      outputTokens: reported.output,
      source: 'provider-reported',
    });
    // Our estimate (ASCII at 3 characters a token) errs high against the fake's 4.
    expect(result.tokens!.estimatedInputTokens).toBeGreaterThan(reported.input);
    expect(result.tokens!.estimatedOutputTokens).toBeGreaterThan(reported.output);

    const expected = Decimal.from(reported.input)
      .multiply('0.15')
      .add(Decimal.from(reported.output).multiply('0.60'))
      .divide(1_000_000, { scale: 12, rounding: 'half-even' });
    expect(Decimal.from(result.cost!.amount).subtract(expected).abs().lessThan('0.000001')).toBe(true);
    expect(result.cost!.currency).toBe('USD');
    expect(result.manifest.cost).toEqual({ ...result.cost, estimated: true });
    expect(result.manifest.billing).toMatchObject({
      pricedOn: 'tokens',
      tokensSource: 'provider-reported',
      inputTokens: reported.input,
      outputTokens: reported.output,
    });

    const lines = ledger.snapshot();
    expect(lines.map((line) => [line.sku, line.unit, line.quantity, line.quantitySource])).toEqual([
      ['gpt-4o-mini:input', 'input-token', String(reported.input), 'provider-reported'],
      ['gpt-4o-mini:output', 'output-token', String(reported.output), 'provider-reported'],
    ]);
    expect(lines[0]).toMatchObject({
      provider: 'openai',
      service: 'chat-translation',
      reportedQuantity: String(reported.input),
      clientQuantity: String(result.tokens!.estimatedInputTokens),
    });
    // The ledger sums to the job's cost.
    const ledgerTotal = lines.reduce((sum, line) => sum.add(Decimal.from(line.cost!)), Decimal.zero);
    expect(ledgerTotal.subtract(Decimal.from(result.cost!.amount)).abs().lessThan('0.0000001')).toBe(true);
  });

  it('meters and charges the tokens of replies that could not be used, so the ledger sums to the bill', async () => {
    const misbehave = (segments: Array<{ id: number; text: string }>) =>
      segments.filter((segment) => !segment.text.startsWith('Mensaje 7:'));
    const { input, output, provider: chat } = await setUp('gpt-4o-mini', misbehave);
    // What the fake billed for every reply, used or not (a refused reply's tokens ride on its error).
    const answered: TokenUsage[] = [];
    const refused: TokenUsage[] = [];
    const provider: TranslationProvider = {
      ...chat,
      async translate(request, options) {
        try {
          const response = await chat.translate(request, options);
          answered.push(response.usage!);
          return response;
        } catch (error) {
          refused.push(billedUsageOf(error)!);
          throw error;
        }
      },
    };
    const ledger = createMemoryLedger();
    const result = await translateFile({
      input,
      output,
      provider,
      from: 'es',
      to: ['en'],
      cache: false,
      costing: { currency: 'USD' },
      budget: { job: '1' },
      ledger: { ledger, organisation: 'Example Constabulary' },
    });
    expect(result.failedRows).toBe(1);
    // The first request and its halves down to "Mensaje 7" alone were refused, and billed.
    expect(refused.length).toBeGreaterThan(2);
    const total = (usages: TokenUsage[], pick: keyof TokenUsage) =>
      usages.reduce((sum, usage) => sum + usage[pick], 0);
    expect(result.tokens).toMatchObject({
      inputTokens: total([...answered, ...refused], 'inputTokens'),
      outputTokens: total([...answered, ...refused], 'outputTokens'),
      source: 'provider-reported',
    });
    const lines = ledger.snapshot();
    expect(lines.map((line) => Number(line.quantity))).toEqual([
      result.tokens!.inputTokens,
      result.tokens!.outputTokens,
    ]);
    const ledgerTotal = lines.reduce((sum, line) => sum.add(Decimal.from(line.cost!)), Decimal.zero);
    expect(ledgerTotal.subtract(Decimal.from(result.cost!.amount)).abs().lessThan('0.0000001')).toBe(true);
  });

  it('estimates tokens and their cost before sending anything, erring high', async () => {
    const { fake, input, provider } = await setUp();
    const estimate = await estimateTranslation({ input, provider, from: 'es', to: ['en'], cache: false });
    expect(fake.requests).toHaveLength(0);
    expect(estimate.requests).toBe(2);
    expect(estimate.estimatedTokens!.inputTokens).toBeGreaterThan(0);
    const priced = Decimal.from(estimate.estimatedTokens!.inputTokens)
      .multiply('0.15')
      .add(Decimal.from(estimate.estimatedTokens!.outputTokens).multiply('0.60'))
      .divide(1_000_000, { scale: 12, rounding: 'half-even' });
    expect(Decimal.from(estimate.cost!.amount).subtract(priced).abs().lessThan('0.000001')).toBe(true);

    // The run then bills less than estimated.
    server.resetHandlers();
    const { output } = await setUp();
    const result = await translateFile({ input, output, provider, from: 'es', to: ['en'], cache: false });
    expect(Number(result.cost!.amount)).toBeLessThan(Number(estimate.cost!.amount));
  });

  it('stops before a request whose estimated tokens would cross the budget, keeping every row', async () => {
    const { fake, input, output, provider } = await setUp();
    const estimate = await estimateTranslation({ input, provider, from: 'es', to: ['en'], cache: false });
    // About two thirds of the estimate: the first request fits, the second is cut to what is left.
    const budget = Decimal.from(estimate.cost!.amount).multiply('0.66').toFixed(8, 'half-even');
    const result = await translateFile({
      input,
      output,
      provider,
      from: 'es',
      to: ['en'],
      cache: false,
      costing: { currency: 'USD' },
      budget: { job: budget },
    });
    expect(result.stoppedBy?.code).toBe('budget_exceeded');
    expect(fake.requests.length).toBeGreaterThanOrEqual(1);
    expect(Number(result.cost!.amount)).toBeLessThanOrEqual(Number(budget));
    const { records } = await readCsvOutput(output);
    const statuses = records.slice(1).map((record) => record.at(-2));
    expect(statuses).toHaveLength(60);
    expect(statuses.filter((status) => status === 'ok').length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 'failed:budget_exceeded').length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 'ok' || status === 'failed:budget_exceeded')).toBe(true);
  });

  it('reports the cost of a model the catalogue lacks as unknown, refuses a budget naming both keys, and prices it from a price file', async () => {
    const { input, output, provider } = await setUp('my-local-model');
    const unpriced = await translateFile({ input, output, provider, from: 'es', to: ['en'], cache: false });
    expect(unpriced.cost).toBeUndefined();
    expect(unpriced.manifest.cost).toBeNull();
    expect(unpriced.tokens?.source).toBe('provider-reported');

    const refused = translateFile({
      input,
      output,
      provider,
      from: 'es',
      to: ['en'],
      cache: false,
      budget: { job: '5' },
    });
    await expect(refused).rejects.toThrow(ConfigurationError);
    await expect(refused).rejects.toThrow(
      /openai\/chat-translation\/my-local-model:input and openai\/chat-translation\/my-local-model:output.*--prices FILE/,
    );

    const entry = (direction: 'input' | 'output', price: string) => ({
      provider: 'openai',
      service: 'chat-translation',
      sku: `my-local-model:${direction}`,
      description: `my-local-model ${direction} tokens`,
      unit: `${direction}-token` as const,
      unitSize: '1000000',
      unitPrice: price,
      currency: 'GBP',
      effectiveFrom: '2026-01-01',
      source: { checked: '2026-12', confidence: 'contract' as const },
    });
    const catalogue = defaultPriceCatalogue().withOverrides({
      version: 'contract-2026',
      entries: [entry('input', '1'), entry('output', '2')],
    });
    const priced = await translateFile({
      input,
      output,
      provider,
      from: 'es',
      to: ['en'],
      cache: false,
      costing: { catalogue },
      budget: { job: '5' },
    });
    const tokens = priced.tokens!;
    const expected = Decimal.from(tokens.inputTokens)
      .add(Decimal.from(tokens.outputTokens).multiply(2))
      .divide(1_000_000, { scale: 12, rounding: 'half-even' });
    expect(priced.cost!.currency).toBe('GBP');
    expect(Decimal.from(priced.cost!.amount).subtract(expected).abs().lessThan('0.000001')).toBe(true);
  });
});
