import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { createGlossary, loadGlossary } from './load-glossary';
import { restoreTerms, TermProtector } from './protect-terms';

async function file(content: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'toex-glossary-'));
  const path = join(directory, 'glossary.csv');
  await writeFile(path, content);
  return path;
}

describe('loadGlossary', () => {
  it('reads term,translation rows with a header and a BOM', async () => {
    const glossary = await loadGlossary(
      await file('\uFEFFterm,translation\nperico,cocaine\n"la merca","the gear"\n'),
    );
    expect(glossary.entries).toEqual([
      { term: 'la merca', translation: 'the gear' },
      { term: 'perico', translation: 'cocaine' },
    ]);
  });

  it('gives the same id to the same content in any order, and a different id to different content', () => {
    const a = createGlossary([
      { term: 'a', translation: '1' },
      { term: 'b', translation: '2' },
    ]);
    const b = createGlossary([
      { term: 'b', translation: '2' },
      { term: 'a', translation: '1' },
    ]);
    const c = createGlossary([
      { term: 'a', translation: '1' },
      { term: 'b', translation: '3' },
    ]);
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
  });

  it('names the file and line of a malformed row', async () => {
    const path = await file('perico,cocaine\nonly-a-term\n');
    await expect(loadGlossary(path)).rejects.toSatisfy(
      (error: unknown) =>
        InputError.isInstance(error) && error.line === 2 && error.message.startsWith(`${path}:2`),
    );
  });
});

describe('TermProtector', () => {
  const glossary = createGlossary([
    { term: 'perico', translation: 'cocaine' },
    { term: 'la merca', translation: 'the gear' },
    { term: 'merca', translation: 'stuff' },
  ]);

  it('swaps whole-word terms, longest first, case-insensitively, and restores their translations', () => {
    const protector = new TermProtector(glossary);
    const { text, replacements } = protector.protect('Trae la merca y el Perico, no periquito.');
    expect(text).toBe('Trae ZQX0QZX y el ZQX1QZX, no periquito.');
    expect(replacements).toEqual(['the gear', 'cocaine']);
    expect(restoreTerms('Bring ZQX0QZX and the ZQX1QZX, not parakeet.', replacements)).toEqual({
      text: 'Bring the gear and the cocaine, not parakeet.',
      lost: 0,
    });
  });

  it('never drops a term the engine lost', () => {
    expect(restoreTerms('Bring it.', ['cocaine'])).toEqual({ text: 'Bring it. [cocaine]', lost: 1 });
  });
});
