import { resolve } from 'node:path';
import {
  defaultPriceCatalogue,
  type FxRateInput,
  FxTable,
  loadFxTable,
  loadPriceCatalogue,
  type PriceCatalogue,
} from '@toex/costing';
import { UsageError } from './usage-error';

const fxPattern = /^([A-Z]{3}):([A-Z]{3})=(\d+(?:\.\d+)?)(?:@(\d{4}-\d{2}-\d{2}))?$/;

/** `--fx FROM:TO=RATE[@DATE]` and `--fx-file FILE`, shared by every command that prices. */
export const fxUsage = `  --fx FROM:TO=RATE[@DATE] an exchange rate, repeatable, e.g. --fx USD:GBP=0.8145@2026-11-01
  --fx-file FILE           JSON rate file: {"rates":[{"from","to","rate","date","source"}]}`;

/**
 * Builds the exchange-rate table from `--fx` flags (dated `defaultDate` when they carry no date) and an
 * optional `--fx-file`. Throws {@link UsageError} for a malformed flag.
 */
export async function loadFxOptions(options: {
  fx?: readonly string[];
  fxFile?: string;
  cwd: string;
  defaultDate: string;
}): Promise<FxTable> {
  const rates: FxRateInput[] = [];
  for (const text of options.fx ?? []) {
    const match = fxPattern.exec(text);
    if (match === null) throw new UsageError(`--fx must look like USD:GBP=0.8145@2026-11-01; got "${text}".`);
    rates.push({
      from: match[1]!,
      to: match[2]!,
      rate: match[3]!,
      date: match[4] ?? options.defaultDate,
      source: '--fx on the command line',
    });
  }
  const fileRates =
    options.fxFile === undefined ? [] : (await loadFxTable(resolve(options.cwd, options.fxFile))).rates;
  return FxTable.create([...fileRates.map((rate) => ({ ...rate, rate: rate.rate.toString() })), ...rates]);
}

/** The shipped catalogue with `--prices FILE` (your contract prices) layered on top. */
export async function loadCatalogueOption(prices: string | undefined, cwd: string): Promise<PriceCatalogue> {
  const catalogue = defaultPriceCatalogue();
  return prices === undefined
    ? catalogue
    : catalogue.withOverrides(await loadPriceCatalogue(resolve(cwd, prices)));
}

/** Today's date, UTC, as `YYYY-MM-DD`. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
