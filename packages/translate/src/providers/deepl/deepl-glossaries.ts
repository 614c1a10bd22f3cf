import { type HttpClient, untilAborted } from '@toex/core';
import type { Glossary, GlossaryEntry, TranslationWarning } from '../../spec';
import { deeplGlossaryListSchema, deeplGlossarySchema } from './deepl-api';
import { parseDeeplGlossaryError } from './deepl-errors';

// DeepL multilingual glossaries (v3, which DeepL recommends over v2:
// https://developers.deepl.com/api-reference/glossaries/v2-vs-v3-endpoints). Limits
// (https://developers.deepl.com/api-reference/multilingual-glossaries): each term at most 1,024 UTF-8 bytes;
// entries in TSV, one `source<TAB>target` per line. TSV has no escaping, so a term holding a tab, a line break
// or any other control character cannot be sent (DeepL's own clients refuse C0 and C1 controls and U+2028/9).

/** Longest glossary term DeepL accepts, in UTF-8 bytes. */
const MAX_TERM_BYTES = 1_024;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const unsendable = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Glossary entries ready for DeepL, and how many had to be left out and why. */
export interface PreparedGlossaryEntries {
  /** `source<TAB>target` lines joined by `\n`. */
  tsv: string;
  /** Entries in `tsv`. */
  count: number;
  /** Entries left out because a term held a tab, line break or other control character. */
  withControlCharacters: number;
  /** Entries left out because a term was over 1,024 UTF-8 bytes. */
  tooLong: number;
  /** Entries left out because an earlier entry had the same source term (DeepL refuses duplicates). */
  duplicates: number;
  /** Entries left out because a term was blank. */
  blank: number;
}

/**
 * Turns glossary entries into DeepL TSV: terms trimmed (DeepL trims them too), and entries DeepL would refuse
 * (control characters, blank or over-long terms, repeated source terms) left out and counted, so one bad entry
 * does not stop the whole glossary.
 */
export function prepareGlossaryEntries(entries: readonly GlossaryEntry[]): PreparedGlossaryEntries {
  const prepared: PreparedGlossaryEntries = {
    tsv: '',
    count: 0,
    withControlCharacters: 0,
    tooLong: 0,
    duplicates: 0,
    blank: 0,
  };
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const entry of entries) {
    const term = entry.term.trim();
    const translation = entry.translation.trim();
    if (term === '' || translation === '') prepared.blank += 1;
    else if (unsendable.test(term) || unsendable.test(translation)) prepared.withControlCharacters += 1;
    else if (Buffer.byteLength(term) > MAX_TERM_BYTES || Buffer.byteLength(translation) > MAX_TERM_BYTES) {
      prepared.tooLong += 1;
    } else if (seen.has(term)) prepared.duplicates += 1;
    else {
      seen.add(term);
      lines.push(`${term}\t${translation}`);
    }
  }
  prepared.tsv = lines.join('\n');
  prepared.count = lines.length;
  return prepared;
}

/** The DeepL glossary for one toex glossary and language pair. */
export interface ResolvedGlossary {
  /** DeepL's glossary id; absent when no entry could be sent. */
  glossaryId: string | undefined;
  /** What to tell the user about this glossary (entries left out); reported once. */
  warnings: TranslationWarning[];
}

/** Name under which toex keeps a glossary on the DeepL account: stable, so later runs find and reuse it. */
export function deeplGlossaryName(
  glossary: Glossary,
  sourceLanguage: string,
  targetLanguage: string,
): string {
  return `toex ${glossary.id} ${sourceLanguage}-${targetLanguage}`;
}

function describeLeftOut(prepared: PreparedGlossaryEntries): TranslationWarning[] {
  const reasons = [
    [prepared.withControlCharacters, 'hold a tab, line break or other control character'],
    [prepared.tooLong, 'have a term over 1,024 bytes'],
    [prepared.duplicates, 'repeat an earlier source term'],
    [prepared.blank, 'have a blank term or translation'],
  ] as const;
  return reasons
    .filter(([count]) => count > 0)
    .map(([count, reason]) => ({
      type: 'unsupported' as const,
      message: `${count} glossary entries were left out of the DeepL glossary because they ${reason}.`,
    }));
}

/**
 * Creates DeepL glossaries on first use and remembers them, one per (toex glossary id, language pair) for the
 * life of the translator. Before creating one it looks for a glossary of the same name and entry count left
 * by an earlier run, so resumed jobs do not fill the account (DeepL allows 1,000 glossaries). A failed setup
 * is not remembered: the next request tries again.
 */
export class DeeplGlossaries {
  private readonly resolved = new Map<string, Promise<ResolvedGlossary>>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: () => string,
  ) {}

  /**
   * DeepL's id for `glossary` from `sourceLanguage` to `targetLanguage` (lower-case glossary codes, e.g. `es`,
   * `en`), creating the glossary when needed; the warnings come with the first answer only.
   */
  async resolve(
    glossary: Glossary,
    sourceLanguage: string,
    targetLanguage: string,
    signal: AbortSignal | undefined,
  ): Promise<ResolvedGlossary> {
    const key = `${glossary.id}\u0000${sourceLanguage}\u0000${targetLanguage}`;
    let pending = this.resolved.get(key);
    if (pending === undefined) {
      // Shared by concurrent requests, so no single caller's signal may cancel it.
      pending = this.setUp(glossary, sourceLanguage, targetLanguage);
      this.resolved.set(key, pending);
      pending.catch(() => {
        if (this.resolved.get(key) === pending) this.resolved.delete(key);
      });
    }
    const result = await untilAborted(pending, signal);
    if (this.warned.has(key)) return { glossaryId: result.glossaryId, warnings: [] };
    this.warned.add(key);
    return result;
  }

  /** Forgets a glossary DeepL no longer has (a translation answered 404), so the next request creates it again. */
  forget(glossary: Glossary, sourceLanguage: string, targetLanguage: string): void {
    this.resolved.delete(`${glossary.id}\u0000${sourceLanguage}\u0000${targetLanguage}`);
  }

  private async setUp(
    glossary: Glossary,
    sourceLanguage: string,
    targetLanguage: string,
  ): Promise<ResolvedGlossary> {
    const prepared = prepareGlossaryEntries(glossary.entries);
    const warnings = describeLeftOut(prepared);
    if (prepared.count === 0) {
      warnings.push({
        type: 'unsupported',
        message: 'No glossary entry could be sent to DeepL, so the glossary was not applied.',
      });
      return { glossaryId: undefined, warnings };
    }
    const name = deeplGlossaryName(glossary, sourceLanguage, targetLanguage);
    const url = `${this.baseUrl()}/v3/glossaries`;
    const existing = await this.http.getJson({
      url,
      responseSchema: deeplGlossaryListSchema,
      errorParser: parseDeeplGlossaryError,
    });
    const reusable = existing.value.glossaries?.find(
      (candidate) =>
        candidate.name === name &&
        candidate.dictionaries?.some(
          (dictionary) =>
            dictionary.source_lang.toLowerCase() === sourceLanguage &&
            dictionary.target_lang.toLowerCase() === targetLanguage &&
            dictionary.entry_count === prepared.count,
        ) === true,
    );
    if (reusable !== undefined) return { glossaryId: reusable.glossary_id, warnings };
    const created = await this.http.postJson({
      url,
      body: {
        name,
        dictionaries: [
          {
            source_lang: sourceLanguage,
            target_lang: targetLanguage,
            entries: prepared.tsv,
            entries_format: 'tsv',
          },
        ],
      },
      responseSchema: deeplGlossarySchema,
      errorParser: parseDeeplGlossaryError,
    });
    return { glossaryId: created.value.glossary_id, warnings };
  }
}
