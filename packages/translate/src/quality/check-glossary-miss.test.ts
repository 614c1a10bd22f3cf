import { describe, expect, it } from 'vitest';
import { createGlossaryMissCheck } from './check-glossary-miss';

const check = createGlossaryMissCheck({
  id: 'g',
  entries: [
    { term: 'perico', translation: 'cocaine' },
    { term: 'la vuelta', translation: 'the deal' },
  ],
})!;

describe('createGlossaryMissCheck', () => {
  it('flags a term in the source whose translation is missing from the output', () => {
    expect(check('Tengo el perico listo', 'I have the parakeet ready')).toBe(true);
  });

  it('does not flag when the glossary translation is there, in any case', () => {
    expect(check('Tengo el Perico listo', 'I have the Cocaine ready')).toBe(false);
  });

  it('matches whole words and phrases only, whatever the spacing', () => {
    expect(check('Los pericos cantan', 'The parakeets sing')).toBe(false);
    expect(check('Mañana hacemos  la vuelta', 'Tomorrow we do the round')).toBe(true);
  });

  it('does not flag a text with no glossary term', () => {
    expect(check('Nos vemos mañana', 'See you tomorrow')).toBe(false);
  });

  it('is absent for an empty glossary', () => {
    expect(createGlossaryMissCheck({ id: 'g', entries: [] })).toBeUndefined();
    expect(createGlossaryMissCheck(undefined)).toBeUndefined();
  });
});
