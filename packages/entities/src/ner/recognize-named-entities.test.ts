import { BudgetExceededError, createMemoryContentStore } from '@toex/core';
import { describe, expect, it } from 'vitest';
import {
  countNamedEntityUnits,
  estimateNamedEntityUnits,
  recognizeNamedEntities,
} from './recognize-named-entities';
import type { NamedEntityProvider, NamedEntityRequest } from './spec';
import type { StoredNamedEntities } from './stored-named-entities';

/** A provider that finds "Leeds", bills one unit per 10 characters a text, and fails the requests it is told to. */
function fakeProvider(failOnRequest?: number) {
  const sent: string[][] = [];
  const provider: NamedEntityProvider = {
    providerId: 'fake',
    modelVersion: '1',
    endpoint: 'https://ner.example',
    limits: { maxDocumentsPerRequest: 2, maxCharactersPerDocument: 20 },
    meter: {
      unit: 'unit',
      priceKey: { provider: 'fake', service: 'ner', sku: 'x' },
      units: (texts) => texts.reduce((sum, text) => sum + Math.ceil(text.length / 10), 0),
    },
    async recognize(request: NamedEntityRequest) {
      sent.push([...request.texts]);
      if (sent.length === failOnRequest) throw new Error('503 from the fake');
      return {
        documents: request.texts.map((text) => {
          const start = text.indexOf('Leeds');
          return start < 0
            ? []
            : [
                {
                  type: 'location' as const,
                  text: 'Leeds',
                  start,
                  end: start + 5,
                  normalized: 'Leeds',
                  confidence: 0.9,
                  recognizer: 'fake',
                  validated: false,
                },
              ];
        }),
        billing: {
          unit: 'unit',
          quantity: request.texts.reduce((sum, text) => sum + Math.ceil(text.length / 10), 0),
        },
      };
    },
  };
  return { provider, sent };
}

const texts = ['in Leeds', 'to Leeds now', '', 'a long message that ends in Leeds', 'Leeds', 'bye'];

describe('recognizeNamedEntities', () => {
  it('estimates exactly the units the requests then bill', async () => {
    const { provider, sent } = fakeProvider();
    const estimate = countNamedEntityUnits(provider, texts);
    const result = await recognizeNamedEntities(provider, texts);
    expect(result.billing?.quantity).toBe(estimate);
    // The 33-character text went as two pieces; the empty one not at all.
    expect(sent.flat()).toHaveLength(6);
    expect(result.documents.map((found) => found.map((finding) => finding.start))).toEqual([
      [3],
      [3],
      [],
      [28],
      [0],
      [],
    ]);
  });

  it('with partial, keeps what was answered and marks the texts a failed request carried', async () => {
    const { provider } = fakeProvider(2);
    const result = await recognizeNamedEntities(provider, texts, { partial: true });
    expect(result.errors?.map((error) => (error as Error | undefined)?.message)).toEqual([
      undefined,
      undefined,
      undefined,
      '503 from the fake',
      '503 from the fake',
      '503 from the fake',
    ]);
    expect(result.documents[0]).toHaveLength(1);
    // Only the answered request is billed.
    expect(result.billing?.quantity).toBe(countNamedEntityUnits(provider, texts.slice(0, 2)));
  });

  it('throws the first error without partial', async () => {
    const { provider } = fakeProvider(1);
    await expect(recognizeNamedEntities(provider, texts)).rejects.toThrow('503 from the fake');
  });

  it('sends nothing that authorise refuses, and nothing after it', async () => {
    const { provider, sent } = fakeProvider();
    let allowed = 2;
    const holds: string[] = [];
    const result = await recognizeNamedEntities(provider, texts, {
      partial: true,
      concurrency: 1,
      authorise: ({ units }) => {
        if (allowed-- <= 0)
          throw new BudgetExceededError({
            scope: 'job',
            limit: '1',
            committed: '1',
            requested: '1',
            currency: 'USD',
          });
        return { commit: () => holds.push(`commit ${units}`), release: () => holds.push('release') };
      },
    });
    expect(sent).toHaveLength(2);
    // The second request is both pieces of the long text: 2 + 2 units.
    expect(holds).toEqual(['commit 3', 'commit 4']);
    expect(result.errors?.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(result.errors?.slice(4).every((error) => error instanceof BudgetExceededError)).toBe(true);
  });

  it('with a store, a rerun sends and bills only what the first run did not answer', async () => {
    const store = createMemoryContentStore<StoredNamedEntities>();
    const first = fakeProvider(2);
    const stopped = await recognizeNamedEntities(first.provider, texts, { partial: true, store });
    expect(stopped.errors?.filter(Boolean)).toHaveLength(3);

    const second = fakeProvider();
    const estimate = await estimateNamedEntityUnits(second.provider, texts, { store });
    expect(estimate).toEqual({
      units: countNamedEntityUnits(second.provider, texts.slice(3)),
      cachedUnits: 3,
    });
    const resumed = await recognizeNamedEntities(second.provider, texts, { store });
    // Only the texts the failed request carried were sent again.
    expect(second.sent).toEqual([
      ['a long message that', ' ends in Leeds'],
      ['Leeds', 'bye'],
    ]);
    expect(resumed.billing?.quantity).toBe(estimate.units);
    expect(resumed.cached).toEqual({ pieces: 2, units: 3 });
    const fresh = await recognizeNamedEntities(fakeProvider().provider, texts);
    expect(resumed.documents).toEqual(fresh.documents);

    // A third run is answered entirely from the store.
    const third = fakeProvider();
    const again = await recognizeNamedEntities(third.provider, texts, { store });
    expect(third.sent).toHaveLength(0);
    expect(again.billing).toBeUndefined();
    expect(again.documents).toEqual(fresh.documents);
  });

  it('sends each distinct text once and gives every copy its answer, billed once', async () => {
    const { provider, sent } = fakeProvider();
    const repeated = ['in Leeds', 'ok', 'in Leeds', 'ok', 'in Leeds'];
    const result = await recognizeNamedEntities(provider, repeated);
    expect(sent).toEqual([['in Leeds', 'ok']]);
    expect(result.documents.map((found) => found.map((finding) => finding.text))).toEqual([
      ['Leeds'],
      [],
      ['Leeds'],
      [],
      ['Leeds'],
    ]);
    expect(result.billing?.quantity).toBe(2);
    expect(countNamedEntityUnits(provider, repeated)).toBe(2);
  });
});
