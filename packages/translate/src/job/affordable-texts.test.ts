import { createBudget, Money } from '@toex/costing';
import { describe, expect, it } from 'vitest';
import { createFakeTranslator } from '../testing';
import { createAffordableTexts } from './affordable-texts';

// A thousandth of a pound a billed character: a text of 100 characters costs £0.10 per target.
const priceCharacters = (characters: number) => Money.of(characters, 'GBP').multiply('0.001');
const texts = Array.from({ length: 10 }, (_, index) => `${index}`.padEnd(100, '.'));

describe('createAffordableTexts', () => {
  it('counts what is spent and reserved, and cuts at the last text the remaining budget pays for', async () => {
    const budget = await createBudget({ currency: 'GBP', job: { id: 'job', limit: '1.00' } });
    const affordable = createAffordableTexts({ provider: createFakeTranslator(), budget, priceCharacters });
    expect(affordable([{ texts, to: ['en'] }])).toBe(10);
    budget.reserve('0.25').commit();
    const held = budget.reserve('0.30');
    // £0.45 left: four texts (£0.40), not five (£0.50).
    expect(affordable([{ texts, to: ['en'] }])).toBe(4);
    // Billed per target: each text costs £0.20 into two languages, in one request or one per target.
    expect(affordable([{ texts, to: ['en', 'fr'] }])).toBe(2);
    expect(
      affordable([
        { texts, to: ['en'] },
        { texts, to: ['fr'] },
      ]),
    ).toBe(2);
    held.release();
    expect(affordable([{ texts, to: ['en'] }])).toBe(7);
    budget.reserve('0.75').commit();
    expect(affordable([{ texts, to: ['en'] }])).toBe(0);
  });

  it('counts glossary markup the provider adds and bills', async () => {
    const budget = await createBudget({ currency: 'GBP', job: { id: 'job', limit: '0.50' } });
    const plain = createFakeTranslator();
    // An adapter that wraps every text in 25 characters of markup, billed like the text.
    const marking = {
      ...plain,
      billing: { ...plain.billing, billsMarkup: true },
      sentLength: (text: string) => text.length + 25,
    };
    const glossary = { id: 'g', entries: [{ term: 'La Paloma', translation: 'The Dove' }] };
    const affordable = createAffordableTexts({ provider: marking, budget, priceCharacters });
    // £0.125 a text as sent: four fit in £0.50 (without the markup it would be five).
    expect(affordable([{ texts, to: ['en'], glossary }])).toBe(4);
    expect(affordable([{ texts, to: ['en'] }])).toBe(5);
  });
});
