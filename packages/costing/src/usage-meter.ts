import type { BillingUnit } from './billing-unit';
import { Decimal, type DecimalInput } from './decimal';

/** One request's usage: our own count beside what the provider said it billed. */
export interface UsageRecord {
  /** The client's count (e.g. `meterTextTranslation(...).billedCharacters`); `undefined` when it could not be counted. */
  counted: DecimalInput | undefined;
  /** What the provider reported (Azure `X-metered-usage`, DeepL `billed_characters`); `undefined` when it did not say. */
  reported?: DecimalInput | undefined;
  /** The provider's request id, kept with a mismatch so it can be raised with the provider. */
  requestId?: string;
}

/** A request where the provider's figure differs from ours by more than the tolerance. */
export interface UsageMismatch {
  /** 1-based position of the request in this meter. */
  request: number;
  requestId?: string;
  counted: Decimal;
  reported: Decimal;
  /** `reported − counted`: positive when the provider billed more than we counted. */
  difference: Decimal;
}

/** Where a billable quantity comes from, best first. */
export type QuantitySource = 'provider-invoice' | 'provider-reported' | 'client-count' | 'estimate';

/** A point-in-time view of a {@link UsageMeter}. */
export interface UsageSummary {
  unit: BillingUnit;
  /** Requests recorded. */
  requests: number;
  /** Sum of our counts; `undefined` if any request could not be counted. */
  counted: Decimal | undefined;
  /** Sum of the provider's figures; `undefined` unless every request reported one. */
  reported: Decimal | undefined;
  /** Requests the provider reported usage for. */
  reportedRequests: number;
  /** Requests whose figures differ beyond the tolerance (all of them, though only the first few are listed). */
  mismatchCount: number;
  /** The first mismatches, up to the meter's `maximumMismatchesKept`. */
  mismatches: readonly UsageMismatch[];
  /**
   * The quantity to bill and its evidence: the provider's total when every request reported, else our
   * count, else unknown (`quantity` undefined, `source` `unknown`). Never a silent zero.
   */
  billable: { quantity: Decimal; source: QuantitySource } | { quantity: undefined; source: 'unknown' };
}

/**
 * Accumulates usage per request for one job and one price entry: our count, the provider's reported
 * count, and where they disagree. A provider total is only claimed when every request reported one, since
 * a total with gaps would understate the bill.
 */
export class UsageMeter {
  /** The unit both counts are in. */
  readonly unit: BillingUnit;
  readonly #tolerance: Decimal;
  readonly #maximumMismatchesKept: number;
  #requests = 0;
  #counted: Decimal | undefined = Decimal.zero;
  #reportedSum = Decimal.zero;
  #reportedRequests = 0;
  #mismatchCount = 0;
  readonly #mismatches: UsageMismatch[] = [];

  /**
   * @param options.unit What is counted, e.g. `character`.
   * @param options.tolerance Largest difference per request not treated as a mismatch, in `unit`. Defaults to 0.
   * @param options.maximumMismatchesKept How many mismatches to keep for the report (all are counted). Defaults to 100.
   */
  constructor(options: { unit: BillingUnit; tolerance?: DecimalInput; maximumMismatchesKept?: number }) {
    this.unit = options.unit;
    this.#tolerance = Decimal.from(options.tolerance ?? 0);
    this.#maximumMismatchesKept = options.maximumMismatchesKept ?? 100;
  }

  /** Records one request. Returns the mismatch when the two figures disagree, otherwise `undefined`. */
  record(usage: UsageRecord): UsageMismatch | undefined {
    this.#requests += 1;
    const counted = usage.counted === undefined ? undefined : Decimal.from(usage.counted);
    const reported = usage.reported === undefined ? undefined : Decimal.from(usage.reported);
    this.#counted =
      counted === undefined || this.#counted === undefined ? undefined : this.#counted.add(counted);
    if (reported !== undefined) {
      this.#reportedSum = this.#reportedSum.add(reported);
      this.#reportedRequests += 1;
    }
    if (counted === undefined || reported === undefined) return undefined;
    const difference = reported.subtract(counted);
    if (difference.abs().lessThanOrEqual(this.#tolerance)) return undefined;
    const mismatch: UsageMismatch = {
      request: this.#requests,
      ...(usage.requestId === undefined ? {} : { requestId: usage.requestId }),
      counted,
      reported,
      difference,
    };
    this.#mismatchCount += 1;
    if (this.#mismatches.length < this.#maximumMismatchesKept) this.#mismatches.push(mismatch);
    return mismatch;
  }

  /** Requests recorded so far. */
  get requests(): number {
    return this.#requests;
  }

  /** Sum of our counts; `undefined` once any request could not be counted. */
  get counted(): Decimal | undefined {
    return this.#counted;
  }

  /** Sum of the provider's figures; `undefined` unless every request so far reported one. */
  get reported(): Decimal | undefined {
    return this.#reportedRequests === this.#requests ? this.#reportedSum : undefined;
  }

  /** True when any request's figures disagreed beyond the tolerance. */
  get hasMismatch(): boolean {
    return this.#mismatchCount > 0;
  }

  /** The totals, the mismatches and the quantity to bill. */
  summary(): UsageSummary {
    const reported = this.reported;
    const counted = this.#counted;
    const billable: UsageSummary['billable'] =
      reported !== undefined
        ? { quantity: reported, source: 'provider-reported' }
        : counted !== undefined
          ? { quantity: counted, source: 'client-count' }
          : { quantity: undefined, source: 'unknown' };
    return {
      unit: this.unit,
      requests: this.#requests,
      counted,
      reported,
      reportedRequests: this.#reportedRequests,
      mismatchCount: this.#mismatchCount,
      mismatches: [...this.#mismatches],
      billable,
    };
  }
}
