import { utf8ByteLength } from '@toex/core';
import type { TranslationLimits } from '../spec';

/** One text waiting to be sent, with the measures the packer needs. */
export interface PackableText {
  text: string;
  /** UTF-16 code units as the provider will send it, when longer than `text` (glossary markup). */
  sentLength?: number;
}

/** Measures of a request, for limits and pacing. */
export interface RequestSize {
  items: number;
  /** UTF-16 code units, multiplied by targets when the provider counts per target. */
  characters: number;
  /** UTF-8 bytes of the texts. */
  bytes: number;
}

/**
 * Builds requests one text at a time, never over any of a provider's limits: items, characters (per
 * target when the provider counts that way), bytes, and an optional pacing cap so that no single
 * request is larger than the rate limiter could ever grant.
 */
export class RequestPacker<T extends PackableText> {
  private current: T[] = [];
  private size: RequestSize = { items: 0, characters: 0, bytes: 0 };
  private readonly maxCharacters: number;

  constructor(
    private readonly limits: TranslationLimits,
    private readonly targetCount: number,
    /** Most characters one request may hold for pacing reasons (e.g. a per-minute quota). */
    maxCharactersForPacing: number = Number.POSITIVE_INFINITY,
  ) {
    this.maxCharacters = Math.min(limits.maxCharactersPerRequest, maxCharactersForPacing);
  }

  /** Characters a text of `length` code units adds to a request, as the provider's request limit counts them. */
  charactersOf(length: number): number {
    return this.limits.charactersCountPerTarget ? length * this.targetCount : length;
  }

  /** Longest single text (UTF-16 code units) that fits a request on its own. */
  maxTextLength(): number {
    const perItem = this.limits.maxCharactersPerItem ?? this.limits.maxCharactersPerRequest;
    const perRequest = this.limits.charactersCountPerTarget
      ? Math.floor(this.maxCharacters / this.targetCount)
      : this.maxCharacters;
    // Bytes: a UTF-16 code unit is at most 3 UTF-8 bytes, so this bound is always safe.
    const perBytes =
      this.limits.maxBytesPerRequest === undefined
        ? Number.POSITIVE_INFINITY
        : Math.floor(this.limits.maxBytesPerRequest / 3);
    return Math.max(1, Math.min(perItem, perRequest, perBytes));
  }

  /**
   * Adds a text. Returns the request that was full before it (to send now) or `undefined`. A text on
   * its own must fit (callers split long texts with `maxTextLength` first); otherwise this throws.
   */
  add(item: T): T[] | undefined {
    const length = Math.max(item.text.length, item.sentLength ?? 0);
    const characters = this.charactersOf(length);
    const bytes = utf8ByteLength(item.text);
    if (!this.fitsAlone(length, characters, bytes)) {
      throw new RangeError(
        `A text of ${item.text.length} characters is over the provider's per-request limits; split it first.`,
      );
    }
    let full: T[] | undefined;
    if (
      this.current.length > 0 &&
      (this.size.items + 1 > this.limits.maxItemsPerRequest ||
        this.size.characters + characters > this.maxCharacters ||
        (this.limits.maxBytesPerRequest !== undefined &&
          this.size.bytes + bytes > this.limits.maxBytesPerRequest))
    ) {
      full = this.flush();
    }
    this.current.push(item);
    this.size = {
      items: this.size.items + 1,
      characters: this.size.characters + characters,
      bytes: this.size.bytes + bytes,
    };
    return full;
  }

  /** Takes whatever is pending as a request (possibly empty). */
  flush(): T[] {
    const request = this.current;
    this.current = [];
    this.size = { items: 0, characters: 0, bytes: 0 };
    return request;
  }

  /** Number of texts pending. */
  get pending(): number {
    return this.current.length;
  }

  private fitsAlone(length: number, characters: number, bytes: number): boolean {
    const perItem = this.limits.maxCharactersPerItem ?? Number.POSITIVE_INFINITY;
    return (
      length <= perItem &&
      characters <= this.maxCharacters &&
      (this.limits.maxBytesPerRequest === undefined || bytes <= this.limits.maxBytesPerRequest)
    );
  }
}

/** Packs a whole list at once (estimates and tests): consecutive requests in input order. */
export function packTexts<T extends PackableText>(
  items: Iterable<T>,
  limits: TranslationLimits,
  targetCount: number,
  maxCharactersForPacing?: number,
): T[][] {
  const packer = new RequestPacker<T>(limits, targetCount, maxCharactersForPacing);
  const requests: T[][] = [];
  for (const item of items) {
    const full = packer.add(item);
    if (full !== undefined) requests.push(full);
  }
  if (packer.pending > 0) requests.push(packer.flush());
  return requests;
}
