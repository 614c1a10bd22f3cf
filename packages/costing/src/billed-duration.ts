import { Decimal, type DecimalInput } from './decimal';
import { invalidArgument } from './invalid-argument';

/** How a provider rounds audio or compute time: see `MeteringRule` kind `duration`. */
export interface DurationBillingRule {
  /** Time is billed in whole steps of this many seconds, rounded up (1 = per second, 60 = per started minute). */
  incrementSeconds: number;
  /** Least billed per request that has any audio (Amazon Transcribe: 15). Defaults to 0. */
  minimumSeconds?: number;
}

/**
 * The seconds a provider bills for `durationSeconds` of audio under `rule`: 61 seconds per started
 * minute bill 120. An unknown duration stays unknown (`undefined`), never zero, which would price as free.
 */
export function billedDurationSeconds(
  durationSeconds: DecimalInput | undefined,
  rule: DurationBillingRule,
): Decimal | undefined {
  if (durationSeconds === undefined) return undefined;
  const duration = Decimal.from(durationSeconds);
  if (duration.isNegative())
    throw invalidArgument(`A duration cannot be negative; got ${duration.toString()} seconds.`);
  if (!(rule.incrementSeconds > 0)) {
    throw invalidArgument(`incrementSeconds must be above 0; got ${rule.incrementSeconds}.`);
  }
  if (duration.isZero()) return Decimal.zero;
  const steps = duration.divide(rule.incrementSeconds, { scale: 0, rounding: 'ceiling' });
  const billed = steps.multiply(rule.incrementSeconds);
  return Decimal.max(billed, rule.minimumSeconds ?? 0);
}
