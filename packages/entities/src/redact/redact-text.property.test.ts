import { createMemoryContentStore } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEntityExtractor } from '../extract/extract-entities';
import type { Finding } from '../finding';
import { createStorePseudonymiser, type PseudonymStoreValue } from './pseudonym-mapping';
import { redactText } from './redact-text';

const planted = fc.constantFrom(
  { type: 'email', text: 'kay.lee@example.org' },
  { type: 'email', text: 'z@mail.example.com' },
  { type: 'phone', text: '+447700900123' },
  { type: 'phone', text: '+447700900456' },
  { type: 'iban', text: 'GB82WEST12345698765432' },
  { type: 'keyword', text: '毒品' },
  { type: 'keyword', text: 'هيروين' },
) as fc.Arbitrary<{ type: Finding['type']; text: string }>;
const filler = fc.string({ unit: fc.constantFrom(' ', 'x', 'y', '\n', 'é', '😀', '—'), maxLength: 12 });

describe('redactText (property)', () => {
  it('removes every planted value, keeps every other character in order, and reverses exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(filler, planted)), filler, async (parts, tail) => {
        let text = '';
        let gaps = '';
        const findings: Finding[] = [];
        for (const [gap, value] of parts) {
          text += gap;
          gaps += gap;
          findings.push({
            type: value.type,
            text: value.text,
            normalized: value.text,
            start: text.length,
            end: text.length + value.text.length,
            confidence: 1,
            recognizer: 'test',
            validated: true,
          });
          text += value.text;
        }
        text += tail;
        gaps += tail;
        const names = await createStorePseudonymiser(createMemoryContentStore<PseudonymStoreValue>());
        await names.assign(findings);
        const redacted = redactText(text, findings, names);
        for (const finding of findings) expect(redacted.text.includes(finding.text)).toBe(false);
        // Non-finding characters, in order: the redacted text minus its pseudonyms equals the original
        // minus its findings.
        let kept = '';
        let from = 0;
        for (const replacement of redacted.replacements) {
          kept += redacted.text.slice(from, replacement.start);
          from = replacement.end;
        }
        kept += redacted.text.slice(from);
        expect(kept).toBe(gaps);
        // Every pseudonym slices back and replacing each by its value restores the original.
        let restored = '';
        from = 0;
        for (const replacement of redacted.replacements) {
          expect(redacted.text.slice(replacement.start, replacement.end)).toBe(replacement.pseudonym);
          restored += redacted.text.slice(from, replacement.start) + replacement.finding.text;
          from = replacement.end;
        }
        restored += redacted.text.slice(from);
        expect(restored).toBe(text);
        // The same value always has the same pseudonym.
        const byValue = new Map<string, string>();
        for (const replacement of redacted.replacements) {
          const key = `${replacement.finding.type}:${replacement.finding.text}`;
          expect(byValue.get(key) ?? replacement.pseudonym).toBe(replacement.pseudonym);
          byValue.set(key, replacement.pseudonym);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('redactText over the extractor (property)', () => {
  const extractor = createEntityExtractor({ region: 'GB' });
  const word = fc.constantFrom(
    'ok',
    'see you',
    'مرحبا',
    '明天见',
    '😀',
    'at 10:30',
    'on 12/03/2023',
    '—',
    'ring',
  );
  const value = fc.oneof(
    fc.stringMatching(/^[a-z]{3,8}$/).map((local) => `${local}@example.org`),
    fc.integer({ min: 0, max: 999 }).map((n) => `07700 900${String(n).padStart(3, '0')}`),
    fc.constant('GB29 NWBK 6016 1331 9268 19'),
  );

  it('leaves none of the planted identifiers in the copy and restores the original exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(word, value), { maxLength: 8 }), word, async (parts, tail) => {
        const text = `${parts.map(([gap, planted]) => `${gap} ${planted} `).join('')}${tail}`;
        const findings = extractor.extract(text);
        const names = await createStorePseudonymiser(createMemoryContentStore<PseudonymStoreValue>());
        await names.assign(findings);
        const redacted = redactText(text, findings, names);
        for (const [, planted] of parts) expect(redacted.text.includes(planted)).toBe(false);
        let restored = '';
        let from = 0;
        for (const replacement of redacted.replacements) {
          restored += redacted.text.slice(from, replacement.start) + replacement.finding.text;
          from = replacement.end;
        }
        expect(restored + redacted.text.slice(from)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
