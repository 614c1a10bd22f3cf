import { describe, expect, it } from 'vitest';
import { recognizeNamedEntities } from '../recognize-named-entities';
import { createCompromiseRecognizer } from './compromise-recognizer';

describe('compromise (local English NER)', () => {
  it('finds people, places and organisations with offsets that slice back, emoji included', async () => {
    const text = 'Ahmed Khan met John Smith in Manchester near Tesco. 😀 Sarah flew to London.';
    const { documents } = await createCompromiseRecognizer().recognize({ texts: [text, ''] });
    const [findings, empty] = documents;
    expect(empty).toEqual([]);
    const byType = (type: string) => findings!.filter((f) => f.type === type).map((f) => f.text);
    expect(byType('person')).toEqual(expect.arrayContaining(['Ahmed Khan', 'John Smith', 'Sarah']));
    expect(byType('location')).toEqual(expect.arrayContaining(['Manchester', 'London']));
    expect(byType('organisation')).toContain('Tesco');
    for (const finding of findings!) expect(text.slice(finding.start, finding.end)).toBe(finding.text);
  });

  it('reports only the types asked for', async () => {
    const recognizer = createCompromiseRecognizer({ types: ['location'] });
    const { documents } = await recognizer.recognize({ texts: ['John Smith went to Leeds'] });
    expect(documents[0]!.map((f) => [f.type, f.text])).toEqual([['location', 'Leeds']]);
  });
});

describe('recognizeNamedEntities', () => {
  it('splits texts longer than the provider takes and shifts offsets back', async () => {
    const recognizer = {
      ...createCompromiseRecognizer(),
      limits: { maxDocumentsPerRequest: 2, maxCharactersPerDocument: 40 },
    };
    const text = `${'filler words here and there. '.repeat(3)}Then John Smith flew to Paris.`;
    const { documents } = await recognizeNamedEntities(recognizer, [text, 'Nothing here', text]);
    for (const index of [0, 2]) {
      const found = documents[index]!;
      expect(found.map((f) => f.text)).toEqual(expect.arrayContaining(['John Smith', 'Paris']));
      for (const finding of found) expect(text.slice(finding.start, finding.end)).toBe(finding.text);
    }
  });
});
