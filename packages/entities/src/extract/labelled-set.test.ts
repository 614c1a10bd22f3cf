import { describe, expect, it } from 'vitest';
import { labelledSet } from '../__fixtures__/labelled-set';
import { ENTITY_TYPES, type EntityType } from '../finding';
import { createEntityExtractor } from './extract-entities';

// Types whose findings pass a checksum: held to 0.95. The rest (shape rules, libphonenumber) to 0.9.
const CHECKSUM_TYPES: ReadonlySet<EntityType> = new Set([
  'iban',
  'card',
  'bitcoin',
  'ethereum',
  'tron',
  'monero',
  'imei',
  'nhs-number',
]);

describe('the labelled test set', () => {
  const messages = labelledSet();
  const extractor = createEntityExtractor();
  const counts = new Map<
    EntityType,
    { truePositives: number; falsePositives: number; falseNegatives: number }
  >();
  const mistakes: string[] = [];
  for (const message of messages) {
    const found = extractor.extract(message.text);
    const key = (item: { type: string; start: number; end: number }) =>
      `${item.type}@${item.start}-${item.end}`;
    const expected = new Set(message.expected.map(key));
    const actual = new Set(found.map(key));
    for (const item of message.expected) {
      const count = counts.get(item.type) ?? { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
      counts.set(item.type, count);
      if (actual.has(key(item))) count.truePositives++;
      else {
        count.falseNegatives++;
        mistakes.push(
          `missed ${item.type} "${message.text.slice(item.start, item.end)}" in: ${message.text}`,
        );
      }
    }
    for (const item of found) {
      if (expected.has(key(item))) continue;
      const count = counts.get(item.type) ?? { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
      counts.set(item.type, count);
      count.falsePositives++;
      mistakes.push(`wrong ${item.type} "${item.text}" in: ${message.text}`);
    }
  }

  it('has at least 300 findings across every pattern type', () => {
    const total = messages.reduce((sum, message) => sum + message.expected.length, 0);
    expect(total).toBeGreaterThanOrEqual(300);
    // Every type a pattern recognizer reports: all but the named entities and watchlist hits.
    const patternTypes = ENTITY_TYPES.filter(
      (type) => !['person', 'location', 'organisation', 'keyword'].includes(type),
    );
    for (const type of patternTypes) expect(counts.get(type)?.truePositives ?? 0, type).toBeGreaterThan(0);
  });

  it('reaches the precision and recall floor for every type', () => {
    const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
    const table = rows.map(([type, c]) => {
      const precision = c.truePositives / Math.max(1, c.truePositives + c.falsePositives);
      const recall = c.truePositives / Math.max(1, c.truePositives + c.falseNegatives);
      return { type, expected: c.truePositives + c.falseNegatives, precision, recall };
    });
    console.log(
      ['| type | findings | precision | recall |', '|---|---:|---:|---:|']
        .concat(
          table.map(
            (r) => `| ${r.type} | ${r.expected} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} |`,
          ),
        )
        .join('\n'),
    );
    if (mistakes.length > 0) console.log(mistakes.join('\n'));
    for (const row of table) {
      const floor = CHECKSUM_TYPES.has(row.type) ? 0.95 : 0.9;
      expect(row.precision, `${row.type} precision`).toBeGreaterThanOrEqual(floor);
      expect(row.recall, `${row.type} recall`).toBeGreaterThanOrEqual(floor);
    }
  });
});
