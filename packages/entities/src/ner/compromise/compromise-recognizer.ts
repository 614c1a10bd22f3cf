import nlp from 'compromise';
import type { EntityType, Finding } from '../../finding';
import type { NamedEntityProvider } from '../spec';

/** Options of {@link createCompromiseRecognizer}. */
export interface CompromiseRecognizerSettings {
  /** Which of person, location and organisation to report. Default all three. */
  types?: readonly Extract<EntityType, 'person' | 'location' | 'organisation'>[];
}

interface CompromiseMatch {
  text: string;
  offset?: { start: number; length: number };
}

const TRAILING_PUNCTUATION = /[\s.,;:!?'"’”)\]]+$/;

/**
 * The local, offline English recognizer: `compromise` (rule- and lexicon-based, no model download)
 * finds people, places and organisations. It is heuristic — confidence 0.6 — and English only; texts in
 * other languages give few or no findings. Nothing leaves the process.
 */
export function createCompromiseRecognizer(settings: CompromiseRecognizerSettings = {}): NamedEntityProvider {
  const wanted = new Set(settings.types ?? ['person', 'location', 'organisation']);
  const version = (nlp as unknown as { version?: string }).version ?? 'unknown';

  const findIn = (text: string): Finding[] => {
    if (text.trim() === '') return [];
    const document = nlp(text);
    const groups: Array<[Extract<EntityType, 'person' | 'location' | 'organisation'>, CompromiseMatch[]]> = [
      ['person', document.people().json({ offset: true }) as CompromiseMatch[]],
      ['location', document.places().json({ offset: true }) as CompromiseMatch[]],
      ['organisation', document.organizations().json({ offset: true }) as CompromiseMatch[]],
    ];
    const findings: Finding[] = [];
    for (const [type, matches] of groups) {
      if (!wanted.has(type)) continue;
      for (const match of matches) {
        const value = match.text.replace(TRAILING_PUNCTUATION, '').replace(/^[\s'"‘“(]+/, '');
        if (value === '') continue;
        // Re-anchor on the exact text near compromise's offset, so offsets always slice back.
        const hint = match.offset?.start ?? 0;
        let start = text.indexOf(value, Math.max(0, hint - 8));
        if (start < 0) start = text.indexOf(value);
        if (start < 0) continue;
        findings.push({
          type,
          text: value,
          start,
          end: start + value.length,
          normalized: value.replace(/\s+/g, ' '),
          confidence: 0.6,
          recognizer: 'compromise',
          validated: false,
        });
      }
    }
    return findings.sort((a, b) => a.start - b.start);
  };

  return {
    providerId: 'compromise',
    modelVersion: `compromise ${version}`,
    endpoint: 'local',
    limits: { maxDocumentsPerRequest: 1_000, maxCharactersPerDocument: 100_000 },
    async recognize(request) {
      request.signal?.throwIfAborted();
      return { documents: request.texts.map(findIn) };
    },
  };
}
