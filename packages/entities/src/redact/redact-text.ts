import { resolveOverlaps } from '../extract/resolve-overlaps';
import type { Finding } from '../finding';
import { RedactionError } from './redaction-error';

/** Gives the pseudonym that stands for a finding; the same value must always get the same pseudonym. */
export interface Pseudonymiser {
  /** The pseudonym for this finding's type and normalised value, e.g. `PHONE-0007`. */
  pseudonymFor(finding: Finding): string;
}

/** One replacement made by {@link redactText}, with its place in the redacted text. */
export interface Replacement {
  /** The pseudonym written. */
  pseudonym: string;
  /** The finding it replaced (offsets into the original text). */
  finding: Finding;
  /** Offset of the pseudonym in the redacted text, in UTF-16 code units. */
  start: number;
  /** Offset one past the pseudonym in the redacted text. */
  end: number;
}

/** The result of {@link redactText}. */
export interface RedactedText {
  /** The text with each kept finding replaced by its pseudonym and every other character unchanged. */
  text: string;
  /** The replacements made, in text order. */
  replacements: Replacement[];
}

/**
 * Replaces each finding in `text` by its pseudonym. Every finding's offsets are checked first
 * (`text.slice(start, end) === finding.text`, else a {@link RedactionError} `offset_mismatch` and
 * nothing is replaced), so the rest of the text is unchanged code unit for code unit. Overlaps are
 * resolved as the extractor does: identifiers by {@link resolveOverlaps}; a keyword hit is kept only
 * where no identifier and no earlier, longer keyword hit covers any of it.
 */
export function redactText(
  text: string,
  findings: readonly Finding[],
  pseudonymiser: Pseudonymiser,
): RedactedText {
  for (const finding of findings) {
    if (
      !Number.isInteger(finding.start) ||
      !Number.isInteger(finding.end) ||
      finding.start < 0 ||
      finding.end > text.length ||
      finding.start >= finding.end ||
      text.slice(finding.start, finding.end) !== finding.text
    ) {
      throw new RedactionError({
        code: 'offset_mismatch',
        message: `a ${finding.type} finding at ${finding.start}–${finding.end} does not slice back to its text in a text of ${text.length} code units; nothing was redacted in this text. The findings were not made on this exact text: extract them again from it.`,
      });
    }
  }
  const kept = nonOverlapping(findings);
  const replacements: Replacement[] = [];
  let out = '';
  let from = 0;
  for (const finding of kept) {
    out += text.slice(from, finding.start);
    const pseudonym = pseudonymiser.pseudonymFor(finding);
    replacements.push({ pseudonym, finding, start: out.length, end: out.length + pseudonym.length });
    out += pseudonym;
    from = finding.end;
  }
  out += text.slice(from);
  return { text: out, replacements };
}

function nonOverlapping(findings: readonly Finding[]): Finding[] {
  const identifiers = resolveOverlaps(findings.filter((finding) => finding.type !== 'keyword'));
  const keywords = findings
    .filter((finding) => finding.type === 'keyword')
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [...identifiers];
  for (const keyword of keywords) {
    if (kept.every((other) => keyword.end <= other.start || keyword.start >= other.end)) kept.push(keyword);
  }
  return kept.sort((a, b) => a.start - b.start);
}
