/**
 * Child-process entry: translates an export with `translateFile` through the real Azure adapter pointed
 * at the stand-in, paced to the quota with `charactersPerMinute`, then reads the output back and checks
 * every row. Prints the result after `BENCH-RESULT `.
 */
import { readFile, rm } from 'node:fs/promises';
import { neutraliseSpreadsheetFormula, ProgressEmitter } from '@toex/core';
import { createAzureTranslator, translateFile } from '@toex/translate';
import { parse } from 'csv-parse/sync';
import { resultLinePrefix } from '../child/measurement-spec';
import { bodyColumn } from '../data/write-export';
import { standInTranslation } from './stand-in-protocol';

/** What the client child is asked to do. */
export interface QuotaClientSpec {
  input: string;
  output: string;
  endpoint: string;
  charactersPerMinute: number;
}

/** What the client child reports. */
export interface QuotaClientResult {
  seconds: number;
  rows: number;
  failedRows: number;
  billedCharacters: number;
  /** Requests the job counted as answered. */
  requests: number;
  /** `retry` events: attempts that failed and were tried again (429s included). */
  retries: number;
  /** Input rows missing from the output, out of order, or whose translation is not the stand-in's. */
  rowsLost: number;
}

async function run(spec: QuotaClientSpec): Promise<QuotaClientResult> {
  const events = new ProgressEmitter();
  let retries = 0;
  events.on('retry', () => {
    retries += 1;
  });
  const started = performance.now();
  const result = await translateFile({
    input: spec.input,
    output: spec.output,
    provider: createAzureTranslator({
      apiKey: 'stand-in-key-not-a-secret',
      region: 'westeurope',
      endpoint: spec.endpoint,
    }),
    to: ['en'],
    cache: false,
    charactersPerMinute: spec.charactersPerMinute,
    events,
  });
  const seconds = (performance.now() - started) / 1000;
  const rowsLost = await countRowsLost(spec.input, spec.output);
  await rm(spec.output, { force: true });
  await rm(`${spec.output}.manifest.json`, { force: true });
  return {
    seconds,
    rows: result.rows,
    failedRows: result.failedRows,
    billedCharacters: result.billedCharacters,
    requests: result.requests,
    retries,
    rowsLost,
  };
}

/**
 * Compares output with input row by row: same rows in the same order, each translated row carrying the
 * stand-in's translation of its own text, each skipped row its text unchanged. Anything else is lost.
 */
async function countRowsLost(inputPath: string, outputPath: string): Promise<number> {
  const options = { bom: true, relax_column_count: true } as const;
  const input = parse(await readFile(inputPath), options) as string[][];
  const output = parse(await readFile(outputPath), options) as string[][];
  const inputHeader = input[0] ?? [];
  const outputHeader = output[0] ?? [];
  const body = inputHeader.indexOf(bodyColumn);
  const translation = outputHeader.indexOf(`${bodyColumn}_en`);
  const status = outputHeader.indexOf('toex_status');
  let lost = Math.max(0, input.length - output.length);
  for (let index = 1; index < Math.min(input.length, output.length); index += 1) {
    const source = input[index]!;
    const written = output[index]!;
    const text = source[body] ?? '';
    const rowStatus = written[status] ?? '';
    const expected = rowStatus === 'ok' ? standInTranslation(text, 'en') : text;
    const intact =
      written[0] === neutraliseSpreadsheetFormula(source[0] ?? '') &&
      (rowStatus === 'ok' || rowStatus.startsWith('skipped:')) &&
      written[translation] === neutraliseSpreadsheetFormula(expected);
    if (!intact) lost += 1;
  }
  return lost;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as QuotaClientSpec;
const result = await run(spec);
process.stdout.write(`${resultLinePrefix}${JSON.stringify(result)}\n`);
