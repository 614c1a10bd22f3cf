import { createMemoryContentStore } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { createEntityExtractor } from '../extract/extract-entities';
import type { Finding } from '../finding';
import { createStorePseudonymiser, type PseudonymStoreValue } from './pseudonym-mapping';
import { redactText } from './redact-text';
import { RedactionError } from './redaction-error';

const extractor = createEntityExtractor({ region: 'GB' });

async function pseudonymiser() {
  return createStorePseudonymiser(createMemoryContentStore<PseudonymStoreValue>());
}

describe('redactText', () => {
  it('replaces findings by pseudonyms and leaves the rest of the text as it was', async () => {
    const text = 'Ring 07700 900123 or mail ops@example.com — then ring +44 7700 900123 again 👍';
    const findings = extractor.extract(text);
    const names = await pseudonymiser();
    await names.assign(findings);
    const redacted = redactText(text, findings, names);
    expect(redacted.text).toBe('Ring PHONE-0001 or mail EMAIL-0001 — then ring PHONE-0001 again 👍');
    for (const replacement of redacted.replacements) {
      expect(redacted.text.slice(replacement.start, replacement.end)).toBe(replacement.pseudonym);
    }
  });

  it('numbers each type in order of first sight and keeps numbers across pseudonymisers of one store', async () => {
    const store = createMemoryContentStore<PseudonymStoreValue>();
    const first = await createStorePseudonymiser(store);
    const a = 'a@example.com, b@example.com';
    const aFindings = extractor.extract(a);
    await first.assign(aFindings);
    expect(redactText(a, aFindings, first).text).toBe('EMAIL-0001, EMAIL-0002');
    const second = await createStorePseudonymiser(store);
    const b = 'c@example.com then b@example.com';
    const bFindings = extractor.extract(b);
    await second.assign(bFindings);
    expect(redactText(b, bFindings, second).text).toBe('EMAIL-0003 then EMAIL-0002');
    expect(second.created).toBe(1);
  });

  it('refuses findings whose offsets do not slice back to their text, and replaces nothing', async () => {
    const names = await pseudonymiser();
    const finding: Finding = {
      type: 'email',
      text: 'a@example.com',
      normalized: 'a@example.com',
      start: 1,
      end: 14,
      confidence: 1,
      recognizer: 'email',
      validated: true,
    };
    await names.assign([finding]);
    let thrown: unknown;
    try {
      redactText('a@example.com', [finding], names);
    } catch (error) {
      thrown = error;
    }
    expect(RedactionError.isInstance(thrown)).toBe(true);
    expect((thrown as RedactionError).code).toBe('offset_mismatch');
  });

  it('resolves overlaps: a keyword inside an identifier is not replaced separately', async () => {
    const text = 'pay GB82 WEST 1234 5698 7654 32 today';
    const iban = extractor.extract(text).filter((finding) => finding.type === 'iban');
    expect(iban).toHaveLength(1);
    const keyword: Finding = {
      type: 'keyword',
      text: 'WEST',
      normalized: 'west',
      start: text.indexOf('WEST'),
      end: text.indexOf('WEST') + 4,
      confidence: 1,
      recognizer: 'watchlist',
      validated: false,
      category: 'place',
    };
    const names = await pseudonymiser();
    await names.assign([...iban, keyword]);
    expect(redactText(text, [...iban, keyword], names).text).toBe('pay IBAN-0001 today');
  });

  it('throws a typed error when a finding was never assigned a pseudonym', async () => {
    const names = await pseudonymiser();
    const text = 'x@example.com';
    expect(() => redactText(text, extractor.extract(text), names)).toThrow(/assign/);
  });
});
