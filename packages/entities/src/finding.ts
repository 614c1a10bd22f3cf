/**
 * The types of finding toex reports. Names are stable, lower-case and kebab-case: scripts and saved
 * outputs depend on them.
 */
export const ENTITY_TYPES = [
  'phone',
  'email',
  'url',
  'ip',
  'mac',
  'iban',
  'card',
  'uk-sort-code-account',
  'bitcoin',
  'ethereum',
  'tron',
  'monero',
  'imei',
  'uk-postcode',
  'uk-vehicle-registration',
  'uk-nino',
  'nhs-number',
  'coordinates',
  'handle',
  'hashtag',
  'money',
  'person',
  'location',
  'organisation',
  'keyword',
] as const;

/** One of {@link ENTITY_TYPES}. */
export type EntityType = (typeof ENTITY_TYPES)[number];

/**
 * One thing found in a text. Offsets are UTF-16 code units into the exact input string, end exclusive,
 * so `input.slice(finding.start, finding.end) === finding.text` always holds.
 */
export interface Finding {
  /** What was found. */
  type: EntityType;
  /** The text exactly as it appears in the input. */
  text: string;
  /** Offset of the first code unit, in UTF-16 code units. */
  start: number;
  /** Offset one past the last code unit. */
  end: number;
  /**
   * A canonical form for indexing and matching across rows: E.164 for phones, upper case without spaces
   * for IBANs, the EIP-55 form for Ethereum, the watchlist term for keywords.
   */
  normalized: string;
  /** 0–1: how sure the recognizer is. Checksum-validated findings score highest. */
  confidence: number;
  /** The recognizer that made the finding (e.g. `iban`, `phone`, `watchlist`, `compromise`). */
  recognizer: string;
  /**
   * True when a checksum or an authoritative rule confirmed the value (Luhn, mod-97, base58check, EIP-55,
   * a number libphonenumber calls valid); false when only its shape matched.
   */
  validated: boolean;
  /** The watchlist category, for `keyword` findings. */
  category?: string;
  /** The column the finding was made in, when more than one column was searched (e.g. `Body_en`). */
  in?: string;
}
