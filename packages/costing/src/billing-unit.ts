import { Decimal, type DecimalInput } from './decimal';

/**
 * What a provider counts when it bills. Singular nouns; a price is quoted per a number of them
 * (see `PriceEntry.unitSize`).
 *
 * - `character`: as the provider counts them (UTF-16 code units for Azure, code points for DeepL).
 * - `text-record`: Azure AI Language's unit, 1,000 characters of one document, started records counted whole.
 * - `second`, `minute`, `hour`: audio or compute duration; convertible into each other.
 * - `input-token`, `output-token`: chat models bill the tokens of the prompt and of the reply at two prices,
 *   each an entry of its own (`gpt-4o-mini:input`, `gpt-4o-mini:output`).
 * - `token`, `request`, `document`, `word`: for other LLM, per-call, per-document and human-translation prices.
 */
export type BillingUnit =
  | 'character'
  | 'text-record'
  | 'second'
  | 'minute'
  | 'hour'
  | 'input-token'
  | 'output-token'
  | 'token'
  | 'request'
  | 'document'
  | 'word';

/** Every {@link BillingUnit}, for validation and help text. */
export const billingUnits: readonly BillingUnit[] = [
  'character',
  'text-record',
  'second',
  'minute',
  'hour',
  'input-token',
  'output-token',
  'token',
  'request',
  'document',
  'word',
];

const secondsPerUnit: Partial<Record<BillingUnit, bigint>> = { second: 1n, minute: 60n, hour: 3600n };

const pluralLabels: Record<BillingUnit, string> = {
  character: 'Characters',
  'text-record': 'Text Records',
  second: 'Seconds',
  minute: 'Minutes',
  hour: 'Hours',
  'input-token': 'Input Tokens',
  'output-token': 'Output Tokens',
  token: 'Tokens',
  request: 'Requests',
  document: 'Documents',
  word: 'Words',
};

/** True when `value` names a {@link BillingUnit}. */
export function isBillingUnit(value: string): value is BillingUnit {
  return (billingUnits as readonly string[]).includes(value);
}

/**
 * How to turn a quantity in `from` into `to` exactly: multiply by `multiplier`, then divide by
 * `divisor` (3,725 seconds → hours is × 1 ÷ 3,600). Same unit gives 1 and 1. `undefined` when the
 * units measure different things (characters cannot become hours).
 */
export function unitConversion(
  from: BillingUnit,
  to: BillingUnit,
): { multiplier: Decimal; divisor: Decimal } | undefined {
  if (from === to) return { multiplier: Decimal.one, divisor: Decimal.one };
  const fromSeconds = secondsPerUnit[from];
  const toSeconds = secondsPerUnit[to];
  if (fromSeconds === undefined || toSeconds === undefined) return undefined;
  return { multiplier: Decimal.from(fromSeconds), divisor: Decimal.from(toSeconds) };
}

/**
 * The FinOps FOCUS unit string for a price quoted per `unitSize` of `unit`: `"1000000 Characters"`,
 * `"1000 Text Records"`, `"Hours"` (FOCUS Unit Format: `<quantity> <plural-units>`, count nouns capitalised).
 */
export function focusUnit(unit: BillingUnit, unitSize: DecimalInput = 1): string {
  const size = Decimal.from(unitSize);
  return size.equals(1) ? pluralLabels[unit] : `${size.toString()} ${pluralLabels[unit]}`;
}
