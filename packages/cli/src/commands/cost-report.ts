import { parseArgs } from 'node:util';
import {
  csvLines,
  focusCsvLines,
  type LedgerEntry,
  type LedgerGrouping,
  type LedgerSummaryRow,
  type RoundingMode,
  summarise,
  summaryToCsv,
  totalsByCurrency,
} from '@toex/costing';
import type { Command } from '../command';
import { type CliIo, ExitCode } from '../io';
import { openLedger } from '../open-ledger';

const usage = `Usage: toex cost report --ledger FILE|URL [options]

Totals a cost ledger by case, paying organisation, provider or month, or exports it as CSV or
FinOps FOCUS CSV for recharging.

Options:
  --ledger FILE|URL          The ledger (required): a JSON-lines file, or a PostgreSQL database
                             postgres://USER@HOST:PORT/DB (password from PGPASSWORD or ~/.pgpass)
  --by case|org|provider|sku|job|month
                             Group totals (default case). With --format csv, writes totals
                             instead of every ledger line.
  --format table|csv|focus|json
                             table (default): rounded totals for people; json: exact totals;
                             csv: every ledger line, or totals with --by; focus: FOCUS CSV
  --case REF                 Only lines for this case
  --org ID                   Only lines for this paying organisation
  --from YYYY-MM-DD          Only lines on or after this day (UTC)
  --to YYYY-MM-DD            Only lines before this day (UTC)
  --issuer NAME              FOCUS InvoiceIssuerName (default "toex")
  --unknown error|skip       FOCUS: refuse (default) or leave out lines whose usage is unknown
  --rounding half-even|half-up
                             Rounding for the amounts in the table (default half-even)

Examples:
  toex cost report --ledger costs.jsonl --by org
  toex cost report --ledger postgres://toex@db.internal:5432/toex --by month
  toex cost report --ledger costs.jsonl --format focus --issuer "National Translation Service" > focus.csv
`;

const groupings: Record<string, LedgerGrouping> = {
  case: 'case',
  org: 'organisation',
  organisation: 'organisation',
  provider: 'provider',
  sku: 'sku',
  job: 'job',
  month: 'month',
};

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function usageError(io: CliIo, message: string): ExitCode {
  io.stderr.write(`toex cost report: ${message}\nRun 'toex cost report --help' for the options.\n`);
  return ExitCode.usage;
}

export const costReportCommand: Command = {
  path: ['cost', 'report'],
  summary: 'Total a cost ledger by case, organisation, provider or month; export CSV or FOCUS',
  usage,
  async run(argv, io) {
    let values: ReturnType<typeof parse>['values'];
    try {
      values = parse(argv).values;
    } catch (error) {
      return usageError(io, (error as Error).message);
    }
    if (values.ledger === undefined) return usageError(io, '--ledger FILE|URL is required.');
    const format = values.format ?? 'table';
    if (!['table', 'csv', 'focus', 'json'].includes(format)) {
      return usageError(io, `--format must be table, csv, focus or json; got "${format}".`);
    }
    const by = groupings[values.by ?? 'case'];
    if (by === undefined)
      return usageError(io, `--by must be case, org, provider, sku, job or month; got "${values.by}".`);
    if (format === 'focus' && values.by !== undefined)
      return usageError(io, '--by does not apply to --format focus.');
    const rounding = values.rounding ?? 'half-even';
    if (rounding !== 'half-even' && rounding !== 'half-up') {
      return usageError(io, `--rounding must be half-even or half-up; got "${rounding}".`);
    }
    const unknown = values.unknown ?? 'error';
    if (unknown !== 'error' && unknown !== 'skip')
      return usageError(io, `--unknown must be error or skip; got "${unknown}".`);
    for (const name of ['from', 'to'] as const) {
      const day = values[name];
      if (day !== undefined && !dayPattern.test(day))
        return usageError(io, `--${name} must be YYYY-MM-DD; got "${day}".`);
    }

    const path = values.ledger;
    const warned = new Set<number>();
    const opened = await openLedger(path, io.cwd, {
      create: false,
      onSkippedLine: (line) => {
        // Exports read the file twice; say it once.
        if (warned.has(line.line)) return;
        warned.add(line.line);
        io.stderr.write(
          `toex: warning: ${path}:${line.line}: skipped a line cut off mid-write (a crash?).\n`,
        );
      },
    });
    try {
      const from = values.from === undefined ? undefined : Date.parse(values.from);
      const to = values.to === undefined ? undefined : Date.parse(values.to);
      const matches = (entry: LedgerEntry) => {
        const time = Date.parse(entry.time);
        return (
          (values.case === undefined || entry.caseReference === values.case) &&
          (values.org === undefined || entry.organisation === values.org) &&
          (from === undefined || time >= from) &&
          (to === undefined || time < to)
        );
      };
      const selected = {
        async *entries() {
          for await (const entry of opened.ledger.entries()) if (matches(entry)) yield entry;
        },
      };

      if (format === 'focus') {
        for await (const line of focusCsvLines(selected, {
          invoiceIssuerName: values.issuer ?? 'toex',
          unknownCost: unknown,
        })) {
          io.stdout.write(line);
        }
        return ExitCode.ok;
      }
      if (format === 'csv' && values.by === undefined) {
        for await (const line of csvLines(selected.entries())) io.stdout.write(line);
        return ExitCode.ok;
      }
      const rows = await summarise(selected.entries(), by);
      const totals = totalsByCurrency(rows);
      if (format === 'csv') {
        io.stdout.write(summaryToCsv(rows, values.by === 'org' ? 'organisation' : by));
      } else if (format === 'json') {
        io.stdout.write(
          `${JSON.stringify({ by, rows: rows.map(toJson), totals: totals.map(toJson) }, null, 2)}\n`,
        );
      } else {
        io.stdout.write(toTable(rows, totals, by, opened.name, rounding));
      }
      return ExitCode.ok;
    } finally {
      await opened.close();
    }
  },
};

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      ledger: { type: 'string' },
      by: { type: 'string' },
      format: { type: 'string' },
      case: { type: 'string' },
      org: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      issuer: { type: 'string' },
      unknown: { type: 'string' },
      rounding: { type: 'string' },
    },
  });
}

function toJson(row: LedgerSummaryRow): Record<string, unknown> {
  return {
    key: row.key,
    currency: row.currency,
    cost: row.cost.amount,
    entries: row.entries,
    corrections: row.corrections,
    estimatedEntries: row.estimatedEntries,
    unknownCostEntries: row.unknownCostEntries,
    quantities: row.quantities,
  };
}

function toTable(
  rows: readonly LedgerSummaryRow[],
  totals: readonly LedgerSummaryRow[],
  by: LedgerGrouping,
  path: string,
  rounding: RoundingMode,
): string {
  if (rows.length === 0) return `No ledger lines in ${path} match.\n`;
  const cost = (row: LedgerSummaryRow) =>
    `${row.unknownCostEntries > 0 ? 'at least ' : ''}${row.cost.format({ rounding })}`;
  const table = [
    [by, 'currency', 'cost', 'lines', 'estimated', 'unknown'],
    ...[...rows, ...totals].map((row) => [
      row.key,
      row.currency,
      cost(row),
      String(row.entries),
      String(row.estimatedEntries),
      String(row.unknownCostEntries),
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const render = (line: string[]) =>
    line
      .map((cell, column) => (column >= 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const lines = [`Costs by ${by} in ${path}`, render(table[0]!), ...table.slice(1).map(render)];
  lines.push(`Amounts rounded ${rounding} once, for display; exact figures with --format json.`);
  if (totals.some((row) => row.unknownCostEntries > 0)) {
    lines.push(
      'Some usage is unknown: those totals are lower bounds until the lines are settled by corrections.',
    );
  }
  if (totals.some((row) => row.estimatedEntries > 0)) {
    lines.push('Some lines are estimates rather than metered usage.');
  }
  return `${lines.join('\n')}\n`;
}
