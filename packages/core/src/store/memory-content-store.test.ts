import { describe, expect, it } from 'vitest';
import { ContentStoreError } from './content-store-error';
import { createMemoryContentStore } from './memory-content-store';

describe('createMemoryContentStore', () => {
  it('returns stored values by key, later values winning, and only the keys present', async () => {
    const store = createMemoryContentStore<{ text: string }>();
    await store.putMany([
      ['a', { text: 'one' }],
      ['b', { text: 'two' }],
      ['a', { text: 'three' }],
    ]);
    expect(await store.getMany(['a', 'b', 'c'])).toEqual(
      new Map([
        ['a', { text: 'three' }],
        ['b', { text: 'two' }],
      ]),
    );
    expect(store.size).toBe(2);
  });

  it('refuses use after close', async () => {
    const store = createMemoryContentStore();
    await store.close();
    await expect(store.putMany([['a', 1]])).rejects.toSatisfy(ContentStoreError.isInstance);
  });
});
