import { UsageError } from './usage-error';

/** `en, fr,,de` → `['en', 'fr', 'de']`: a comma-separated flag value, trimmed, empty items dropped. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * A flag that takes a whole number, 1 or more (0 or more with `allowZero`); `undefined` when the flag is
 * absent. Throws {@link UsageError} naming the flag and the value.
 */
export function positiveInteger(
  flag: string,
  value: string | undefined,
  allowZero = false,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < (allowZero ? 0 : 1)) {
    throw new UsageError(`${flag} takes a whole number${allowZero ? '' : ' of 1 or more'}, not "${value}".`);
  }
  return number;
}

/** `{ [key]: value }`, or `{}` when the value is absent: for options that must be left out, not undefined. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
