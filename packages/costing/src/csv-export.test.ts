import { describe, expect, it } from 'vitest';
import { csvRecords, parseCsv, translatorCharge } from './__fixtures__/ledger-fixtures';
import { csvLines, ledgerCsvColumns, summaryToCsv, toCsv } from './csv-export';
import { correctionEntry } from './ledger-entries';
import { summarise } from './summarise-ledger';

describe('toCsv', () => {
  it('writes every field with exact plain decimals and ISO times', () => {
    const line = translatorCharge(550_000, { tags: { language: 'ar' } });
    const [record] = csvRecords(toCsv([line]));
    expect(Object.keys(record!)).toEqual([...ledgerCsvColumns]);
    expect(record).toMatchObject({
      cost: '4.47975',
      unitPrice: '8.145',
      quantity: '550000',
      time: '2026-11-22T10:15:00.000Z',
      currency: 'GBP',
      tags: '{"language":"ar"}',
      corrects: '',
    });
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas in typed text', () => {
    const line = translatorCharge(10, {
      caseReference: '=HYPERLINK("http://x","open")',
      description: 'Arabic, "Iraqi"\nchat',
    });
    const correction = correctionEntry(line, { quantity: 0, reason: '-duplicate' });
    const text = toCsv([line, correction]);
    const [first, second] = csvRecords(text);
    expect(first?.caseReference).toBe(`'=HYPERLINK("http://x","open")`);
    expect(first?.description).toBe('Arabic, "Iraqi"\nchat');
    expect(second?.reason).toBe(`'-duplicate`);
    // Amounts are never altered: a negative cost stays a number.
    expect(second?.cost).toBe('-0.00008145');
    expect(second?.quantity).toBe('-10');
  });

  it('streams the same text line by line', async () => {
    const lines = [translatorCharge(1), translatorCharge(2)];
    let streamed = '';
    for await (const chunk of csvLines(lines)) streamed += chunk;
    expect(streamed).toBe(toCsv(lines));
    expect(parseCsv(streamed)).toHaveLength(3);
  });
});

describe('summaryToCsv', () => {
  it('writes exact totals per group', async () => {
    const rows = await summarise(
      [translatorCharge(1_000_000), translatorCharge(1_000_000, { caseReference: 'OP-B' })],
      'case',
    );
    expect(csvRecords(summaryToCsv(rows, 'case'))).toEqual([
      {
        case: 'OP-B',
        currency: 'GBP',
        cost: '8.145',
        entries: '1',
        corrections: '0',
        estimatedEntries: '0',
        unknownCostEntries: '0',
        quantities: '{"character":"1000000"}',
      },
      {
        case: 'OP-KESTREL',
        currency: 'GBP',
        cost: '8.145',
        entries: '1',
        corrections: '0',
        estimatedEntries: '0',
        unknownCostEntries: '0',
        quantities: '{"character":"1000000"}',
      },
    ]);
  });
});
