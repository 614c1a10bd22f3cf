import { parseArgs } from 'node:util';
import {
  type Decimal,
  type Estimate,
  estimateCost,
  type FxTable,
  humanTranslationComparison,
  isBillingUnit,
  type RoundingMode,
} from '@toex/costing';
import type { Command } from '../command';
import { type CliIo, ExitCode } from '../io';
import { loadCatalogueOption, loadFxOptions } from '../pricing-options';
import { UsageError } from '../usage-error';

const usage = `Usage: toex cost estimate --provider ID --service ID --sku ID --quantity N [options]

Estimates what a number of units will cost before a job runs, from the built-in price catalogue
(or your own prices), in your currency at an exchange rate you give.

Options:
  --provider ID            Catalogue provider, e.g. azure, deepl, google, openai
  --service ID             Service, e.g. translator, speech, language, video-indexer
  --sku ID                 Priced variant, e.g. S1, batch, pro, whisper-1
  --quantity N             Units counted; LOW..HIGH when the count is itself estimated
  --unit UNIT              Unit of the quantity (default: the price's). second, minute and hour convert
  --currency CODE          Currency to estimate in (default: the price's own, e.g. USD for Azure)
  --fx FROM:TO=RATE[@DATE] An exchange rate, repeatable, e.g. --fx USD:GBP=0.8145@2026-11-01
  --fx-file FILE           JSON rate file: {"rates":[{"from","to","rate","date","source"}]}
  --date YYYY-MM-DD        When the work runs (default today): picks the price and the rate
  --prices FILE            JSON price file layered over the built-in catalogue (your contract prices)
  --used-this-month N      Tiered prices: units already used this month (default 0, stated)
  --words N                Also compare with human translation of N words
  --rounding MODE          half-even (default) or half-up, for the amounts shown
  --format table|json      Output (default table; json carries exact amounts)

Example:
  toex cost estimate --provider azure --service translator --sku S1 --quantity 550000 \\
    --currency GBP --fx USD:GBP=0.8145@2026-11-01
`;

const quantityPattern = /^(\d+(?:\.\d+)?)(?:\.\.(\d+(?:\.\d+)?))?$/;
const plainNumber = /^\d+(?:\.\d+)?$/;

function usageError(io: CliIo, message: string): ExitCode {
  io.stderr.write(`toex cost estimate: ${message}\nRun 'toex cost estimate --help' for the options.\n`);
  return ExitCode.usage;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function grouped(value: Decimal): string {
  return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 20 }).format(
    value.toString() as Intl.StringNumericLiteral,
  );
}

export const costEstimateCommand: Command = {
  path: ['cost', 'estimate'],
  summary: 'Estimate the cost of a number of units before a job runs',
  usage,
  async run(argv, io) {
    let values: ReturnType<typeof parse>['values'];
    try {
      values = parse(argv).values;
    } catch (error) {
      return usageError(io, (error as Error).message);
    }
    for (const name of ['provider', 'service', 'sku', 'quantity'] as const) {
      if (values[name] === undefined) return usageError(io, `--${name} is required.`);
    }
    const quantityMatch = quantityPattern.exec(values.quantity!);
    if (quantityMatch === null) {
      return usageError(
        io,
        `--quantity must be a number or LOW..HIGH, e.g. 550000 or 500000..600000; got "${values.quantity}".`,
      );
    }
    const low = quantityMatch[1]!;
    const high = quantityMatch[2] ?? low;
    if (values.unit !== undefined && !isBillingUnit(values.unit)) {
      return usageError(
        io,
        `--unit "${values.unit}" is not a unit. Use character, text-record, second, minute, hour, token, request, document or word.`,
      );
    }
    const format = values.format ?? 'table';
    if (format !== 'table' && format !== 'json')
      return usageError(io, `--format must be table or json; got "${format}".`);
    const rounding = values.rounding ?? 'half-even';
    if (rounding !== 'half-even' && rounding !== 'half-up') {
      return usageError(io, `--rounding must be half-even or half-up; got "${rounding}".`);
    }
    const requestedCurrency = values.currency?.toUpperCase();
    const date = values.date ?? today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return usageError(io, `--date must be YYYY-MM-DD; got "${date}".`);
    for (const name of ['used-this-month', 'words'] as const) {
      const value = values[name];
      if (value !== undefined && !plainNumber.test(value))
        return usageError(io, `--${name} must be a number; got "${value}".`);
    }
    let fxTable: FxTable;
    try {
      fxTable = await loadFxOptions({
        fx: values.fx,
        ...(values['fx-file'] === undefined ? {} : { fxFile: values['fx-file'] }),
        cwd: io.cwd,
        defaultDate: date,
      });
    } catch (error) {
      if (UsageError.isInstance(error)) return usageError(io, error.message);
      throw error;
    }
    const catalogue = await loadCatalogueOption(values.prices, io.cwd);
    const entry = catalogue.priceAt({
      provider: values.provider!,
      service: values.service!,
      sku: values.sku!,
      date,
    });
    const currency = requestedCurrency ?? entry.currency;
    const estimate = estimateCost({
      entry,
      quantity: { low, high },
      currency,
      fxTable,
      date,
      ...(values.unit === undefined ? {} : { unit: values.unit as Estimate['unit'] }),
      ...(values['used-this-month'] === undefined ? {} : { usedThisMonth: values['used-this-month'] }),
    });
    const comparison =
      values.words === undefined || estimate.currency !== 'GBP'
        ? undefined
        : humanTranslationComparison({ words: Number(values.words), machineCost: estimate.cost.high });

    if (format === 'json') {
      io.stdout.write(
        `${JSON.stringify(toJson(estimate, entry.description, rounding, comparison), null, 2)}\n`,
      );
      return ExitCode.ok;
    }
    io.stdout.write(toTable(estimate, entry.description, rounding, comparison, values.words !== undefined));
    return ExitCode.ok;
  },
};

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      provider: { type: 'string' },
      service: { type: 'string' },
      sku: { type: 'string' },
      quantity: { type: 'string' },
      unit: { type: 'string' },
      currency: { type: 'string' },
      fx: { type: 'string', multiple: true },
      'fx-file': { type: 'string' },
      date: { type: 'string' },
      prices: { type: 'string' },
      'used-this-month': { type: 'string' },
      words: { type: 'string' },
      rounding: { type: 'string' },
      format: { type: 'string' },
    },
  });
}

type Comparison = ReturnType<typeof humanTranslationComparison>;

function toTable(
  estimate: Estimate,
  description: string,
  rounding: RoundingMode,
  comparison: Comparison | undefined,
  wordsAsked: boolean,
): string {
  const ranged = !estimate.quantity.low.equals(estimate.quantity.high);
  const quantity = ranged
    ? `${grouped(estimate.quantity.low)} to ${grouped(estimate.quantity.high)}`
    : grouped(estimate.quantity.low);
  const per = `per ${grouped(estimate.unitSize)} ${estimate.priceUnit}${estimate.unitSize.equals(1) ? '' : 's'}`;
  const price =
    estimate.pricingCurrency === estimate.currency
      ? `${estimate.unitPrice.toString()} ${estimate.currency} ${per}`
      : `${estimate.pricingUnitPrice.toString()} ${estimate.pricingCurrency} ${per} = ${estimate.unitPrice.toString()} ${estimate.currency}`;
  const cost = ranged
    ? `${estimate.cost.low.format({ rounding })} to ${estimate.cost.high.format({ rounding })}`
    : estimate.cost.high.format({ rounding });
  const exact = ranged
    ? `${estimate.cost.low.toDecimalString()} to ${estimate.cost.high.toDecimalString()}`
    : estimate.cost.high.toDecimalString();
  const lines = [
    `Estimate for ${estimate.priceEntryId.split('@')[0]}: ${description}`,
    `  Quantity     ${quantity} ${estimate.unit}s`,
    `  Price        ${price}`,
  ];
  const tierLines = estimate.detail.high.lines.filter((line) => line.tier !== undefined);
  for (const line of tierLines) {
    lines.push(
      `  Tier ${line.tier}       ${grouped(line.quantity)} ${estimate.unit}s at ${line.unitPrice.toString()} ${estimate.currency} ${per}: ${line.cost.toString()} ${estimate.currency}`,
    );
  }
  if (estimate.pricingCurrency !== estimate.currency) {
    const fx = estimate.fxRate;
    lines.push(`  FX rate      ${fx.from}→${fx.to} ${fx.rate.toString()} (rate of ${fx.date}; ${fx.source})`);
  }
  lines.push(
    `  Cost         ${cost}  (exact ${exact} ${estimate.currency}, rounded ${rounding} once for display)`,
    `  Priced for   ${estimate.date}, catalogue ${estimate.catalogueVersion}, entry ${estimate.priceEntryId}`,
    `  Source       ${estimate.source.url ?? '(none: self-hosted or contract)'} (checked ${estimate.source.checked}; ${estimate.source.confidence})`,
  );
  if (estimate.source.note !== undefined) lines.push(`  Note         ${estimate.source.note}`);
  if (estimate.assumptions.length > 0) {
    lines.push('  Assumptions');
    for (const assumption of estimate.assumptions) lines.push(`    - ${assumption}`);
  }
  if (comparison !== undefined) {
    lines.push(
      '',
      'Against human translation',
      `  Human        ${comparison.human.cost.format({ rounding })} for ${grouped(comparison.words)} words, about ${comparison.human.workingDays.toString()} working days`,
    );
    if (comparison.saving !== undefined) {
      const ratio =
        comparison.costRatio === undefined
          ? ''
          : `; machine about ${grouped(comparison.costRatio)} times cheaper`;
      lines.push(`  Saving       ${comparison.saving.format({ rounding })}${ratio}`);
    }
    for (const source of comparison.sources) lines.push(`  ${source}`);
    lines.push(`  Caveat       ${comparison.caveat}`);
  } else if (wordsAsked) {
    lines.push(
      '',
      `Human comparison skipped: its rates are in GBP and this estimate is in ${estimate.currency}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function toJson(
  estimate: Estimate,
  description: string,
  rounding: RoundingMode,
  comparison: Comparison | undefined,
): Record<string, unknown> {
  return {
    priceEntryId: estimate.priceEntryId,
    description,
    catalogueVersion: estimate.catalogueVersion,
    date: estimate.date,
    quantity: estimate.quantity,
    unit: estimate.unit,
    priceUnit: estimate.priceUnit,
    unitSize: estimate.unitSize,
    unitPrice: estimate.unitPrice,
    pricingUnitPrice: estimate.pricingUnitPrice,
    pricingCurrency: estimate.pricingCurrency,
    currency: estimate.currency,
    cost: { low: estimate.cost.low.amount, high: estimate.cost.high.amount },
    rounding,
    costRounded: {
      low: estimate.cost.low.round({ rounding }).toDecimalString(),
      high: estimate.cost.high.round({ rounding }).toDecimalString(),
    },
    fxRate: estimate.fxRate,
    source: estimate.source,
    assumptions: estimate.assumptions,
    ...(comparison === undefined
      ? {}
      : {
          humanComparison: {
            words: comparison.words,
            cost: comparison.human.cost.amount,
            workingDays: comparison.human.workingDays,
            saving: comparison.saving?.amount,
            costRatio: comparison.costRatio,
            sources: comparison.sources,
            caveat: comparison.caveat,
          },
        }),
  };
}
