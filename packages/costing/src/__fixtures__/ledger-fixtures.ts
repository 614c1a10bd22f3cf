// Test helpers shared by the ledger, budget and export tests. Not part of the package.
import { defaultPriceCatalogue } from '../default-price-catalogue';
import type { DecimalInput } from '../decimal';
import { FxTable } from '../fx-table';
import { type LedgerContext, ledgerEntriesFor } from '../ledger-entries';
import type { LedgerEntry } from '../ledger-entry';
import { priceUsage } from '../price-usage';
import type { QuantitySource } from '../usage-meter';

export const testFxTable = FxTable.create([
  { from: 'USD', to: 'GBP', rate: '0.8145', date: '2026-11-01', source: 'test rate' },
  { from: 'EUR', to: 'GBP', rate: '0.8571', date: '2026-11-01', source: 'test rate' },
]);

let counter = 0;

/** Ids `line-1`, `line-2`, … so tests can name lines. */
export function sequentialId(): string {
  counter += 1;
  return `line-${counter}`;
}

/** Ledger lines for `characters` of Azure Translator S1 charged in GBP. */
export function translatorCharge(
  characters: DecimalInput,
  context: Partial<LedgerContext> & { quantitySource?: QuantitySource } = {},
): LedgerEntry {
  const entry = defaultPriceCatalogue().priceAt({ provider: 'azure', service: 'translator', sku: 'S1', date: '2026-11-22' });
  const priced = priceUsage({ entry, quantity: characters, currency: 'GBP', fxTable: testFxTable, date: '2026-11-22' });
  const [line] = ledgerEntriesFor(priced, {
    jobId: 'J-1',
    caseReference: 'OP-KESTREL',
    organisation: 'force-a',
    time: '2026-11-22T10:15:00Z',
    createId: sequentialId,
    ...context,
    quantitySource: context.quantitySource ?? 'client-count',
  });
  return line!;
}

/** A minimal RFC 4180 reader for checking exports. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') {
        quoted = false;
      } else {
        field += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += character;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** CSV rows as objects keyed by the header. */
export function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((column, index) => [column, row[index] ?? ''])));
}
