import type { EntityType, Finding } from '../finding';

// Dates and times in the shapes exports and chats use: 12/03/2023, 2023-03-12, 12.03.23, 14:05, 14:05:09,
// 2023-03-12T14:05:09Z. Numbers read from inside one of these are never identifiers.
const DATE_TIME =
  /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?:,? \d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?/g;

// A label right before a number that makes it an order, reference or tracking number.
const ORDER_LABEL =
  /\b(?:order|ref(?:erence)?|invoice|inv|tracking|track|receipt|ticket|booking|parcel|consignment|transaction|txn|po|customer id)\s*(?:no\.?|number|num|id|code)?\s*[:#.]?\s*#?\s*$/i;

/** Types read from bare digits, which a date, a time or an order label can imitate. */
const NUMERIC_TYPES: ReadonlySet<EntityType> = new Set([
  'phone',
  'nhs-number',
  'imei',
  'card',
  'uk-sort-code-account',
  'coordinates',
  'ip',
]);

/**
 * Drops findings that are really dates, times or order/reference numbers: numeric findings lying
 * inside a date or time, or right after a label such as "Order #", "Ref:" or "Tracking no.".
 */
export function dropDecoys(text: string, findings: readonly Finding[]): Finding[] {
  const numeric = findings.filter((finding) => NUMERIC_TYPES.has(finding.type));
  if (numeric.length === 0) return [...findings];
  const dateSpans: Array<[number, number]> = [];
  for (const match of text.matchAll(DATE_TIME)) dateSpans.push([match.index, match.index + match[0].length]);
  return findings.filter((finding) => {
    if (!NUMERIC_TYPES.has(finding.type)) return true;
    if (dateSpans.some(([start, end]) => finding.start >= start && finding.end <= end)) return false;
    const before = text.slice(Math.max(0, finding.start - 40), finding.start);
    return !ORDER_LABEL.test(before);
  });
}
