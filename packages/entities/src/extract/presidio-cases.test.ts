import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EntityType } from '../finding';
import { extractEntities } from './extract-entities';

// Microsoft Presidio's recognizer unit-test cases, kept outside the repository beside it (the shared
// peer-cases directory, `../shared/peer-cases` from the repository root); never copied in.
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const casesFile = `${repositoryRoot}../shared/peer-cases/presidio-entities.json`;

interface PresidioCase {
  id: string;
  type: string;
  text: string;
  expected: Array<[number, number]>;
  optional?: Array<[number, number]>;
}

const OUR_TYPE: Record<string, EntityType> = {
  phone: 'phone',
  crypto: 'bitcoin',
  email: 'email',
  url: 'url',
  ip: 'ip',
  card: 'card',
  nhs: 'nhs-number',
  nino: 'uk-nino',
  postcode: 'uk-postcode',
  vehicle: 'uk-vehicle-registration',
  iban: 'iban',
};

// Presidio's phone recognizer reads national numbers in these regions by default (its "UK" is not a
// libphonenumber region; GB is our main region), so the comparison is like for like.
const PRESIDIO_PHONE_REGIONS = ['US', 'DE', 'FR', 'IL', 'IN', 'CA', 'BR'] as const;

describe.skipIf(!existsSync(casesFile))("Presidio's recognizer test cases", () => {
  it('are matched at least as well as Presidio matches them', () => {
    const { cases } = JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: PresidioCase[] };
    const counts = new Map<string, { tp: number; fp: number; fn: number }>();
    const misses: string[] = [];
    for (const testCase of cases) {
      const type = OUR_TYPE[testCase.type];
      if (type === undefined) continue;
      // Presidio tests each recognizer alone; so do we (an IP inside a URL is then still an IP).
      const found = extractEntities(testCase.text, {
        types: [type],
        phone: { fallbackRegions: PRESIDIO_PHONE_REGIONS },
      });
      const count = counts.get(testCase.type) ?? { tp: 0, fp: 0, fn: 0 };
      counts.set(testCase.type, count);
      // Spans compare as text with surrounding white space trimmed (Presidio's NINO span starts with a
      // space); a CIDR span also matches its address alone, as the case file notes.
      const matches = (start: number, end: number, [a, b]: [number, number]) =>
        testCase.text.slice(a, b).trim() === testCase.text.slice(start, end) ||
        (testCase.type === 'ip' && start === a && end <= b && testCase.text[end] === '/');
      for (const span of testCase.expected) {
        if (found.some((f) => matches(f.start, f.end, span))) count.tp++;
        else {
          count.fn++;
          misses.push(`${testCase.id} missed ${JSON.stringify(testCase.text.slice(...span))}`);
        }
      }
      for (const f of found) {
        const expected = [...testCase.expected, ...(testCase.optional ?? [])];
        if (!expected.some((span) => matches(f.start, f.end, span))) {
          count.fp++;
          misses.push(`${testCase.id} wrongly found ${JSON.stringify(f.text)}`);
        }
      }
    }
    const rows = [...counts.entries()].map(([type, c]) => ({
      type,
      precision: c.tp / Math.max(1, c.tp + c.fp),
      recall: c.tp / Math.max(1, c.tp + c.fn),
      ...c,
    }));
    console.log(
      ['| Presidio type | TP | FP | FN | precision | recall |', '|---|---:|---:|---:|---:|---:|']
        .concat(
          rows.map(
            (r) =>
              `| ${r.type} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} |`,
          ),
        )
        .join('\n'),
    );
    if (misses.length > 0) console.log(misses.join('\n'));
    for (const row of rows) {
      expect(row.precision, `${row.type} precision`).toBeGreaterThanOrEqual(0.95);
      expect(row.recall, `${row.type} recall`).toBeGreaterThanOrEqual(0.95);
    }
  });
});

if (!existsSync(casesFile)) {
  console.warn(`Presidio cases not found at ${casesFile}: the comparison with Presidio is skipped.`);
}
