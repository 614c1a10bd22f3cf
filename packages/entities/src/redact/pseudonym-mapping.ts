import type { ContentStore } from '@toex/core';
import { ENTITY_TYPES, type Finding } from '../finding';
import type { Pseudonymiser } from './redact-text';
import { RedactionError } from './redaction-error';

/** One line of a pseudonym mapping: which value a pseudonym stands for. Kept apart from the output. */
export interface PseudonymEntry {
  /** The pseudonym, e.g. `PHONE-0007`. */
  pseudonym: string;
  /** The finding type. */
  type: string;
  /** The normalised value the pseudonym stands for (E.164 for phones, …). */
  value: string;
  /** The text as it was first seen. */
  firstText: string;
}

/** What a mapping store holds: entries under `value:` keys and per-type counters under `count:` keys. */
export type PseudonymStoreValue = PseudonymEntry | { count: number };

/**
 * A {@link Pseudonymiser} backed by a durable mapping. Call {@link assign} with a text's findings (it
 * looks up known values and stores new pseudonyms), then redact: `pseudonymFor` answers from memory.
 */
export interface StorePseudonymiser extends Pseudonymiser {
  /** Makes sure every finding has a pseudonym; new ones are stored durably before this resolves. */
  assign(findings: readonly Finding[]): Promise<void>;
  /** Pseudonyms created by this instance so far. */
  readonly created: number;
}

/** The pseudonym prefix of a type: `uk-postcode` → `UK-POSTCODE`. */
export function pseudonymPrefix(type: string): string {
  return type.toUpperCase();
}

const valueKey = (finding: Pick<Finding, 'type' | 'normalized'>) =>
  `value:${finding.type}:${finding.normalized}`;
const countKey = (type: string) => `count:${type}`;

/**
 * Opens a pseudonymiser over a mapping store (core's JSON-lines store for a case file). The same
 * normalised value always gets the same pseudonym; each type is numbered from 1 in order of first
 * sight, across every run over the same store. A new pseudonym and its type's counter are appended in
 * one write, so a killed run never reuses a number. One run per case at a time: two concurrent runs
 * over one mapping could number two values alike.
 */
export async function createStorePseudonymiser(
  store: ContentStore<PseudonymStoreValue>,
): Promise<StorePseudonymiser> {
  const counters = new Map<string, number>();
  const counts = await store.getMany(ENTITY_TYPES.map(countKey));
  for (const type of ENTITY_TYPES) {
    const stored = counts.get(countKey(type));
    if (stored !== undefined && 'count' in stored) counters.set(type, stored.count);
  }
  const known = new Map<string, string>();
  let created = 0;
  return {
    get created() {
      return created;
    },
    async assign(findings) {
      const missing = [...new Set(findings.map(valueKey))].filter((key) => !known.has(key));
      if (missing.length === 0) return;
      const stored = await store.getMany(missing);
      const fresh: Array<readonly [string, PseudonymStoreValue]> = [];
      const touched = new Set<string>();
      for (const finding of findings) {
        const key = valueKey(finding);
        if (known.has(key)) continue;
        const entry = stored.get(key);
        if (entry !== undefined && 'pseudonym' in entry) {
          known.set(key, entry.pseudonym);
          continue;
        }
        const number = (counters.get(finding.type) ?? 0) + 1;
        counters.set(finding.type, number);
        touched.add(finding.type);
        const pseudonym = `${pseudonymPrefix(finding.type)}-${String(number).padStart(4, '0')}`;
        known.set(key, pseudonym);
        fresh.push([
          key,
          { pseudonym, type: finding.type, value: finding.normalized, firstText: finding.text },
        ]);
      }
      if (fresh.length === 0) return;
      for (const type of touched) fresh.push([countKey(type), { count: counters.get(type)! }]);
      await store.putMany(fresh);
      created += fresh.length - touched.size;
    },
    pseudonymFor(finding) {
      const pseudonym = known.get(valueKey(finding));
      if (pseudonym === undefined) {
        throw new RedactionError({
          code: 'mapping',
          message: `no pseudonym assigned for a ${finding.type} finding: call assign() with the text's findings before redacting it.`,
        });
      }
      return pseudonym;
    },
  };
}
