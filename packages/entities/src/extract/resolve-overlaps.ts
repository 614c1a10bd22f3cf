import type { Finding } from '../finding';

/** Strong findings passed a checksum or score at least this much; weak ones lose any overlap to them. */
const STRONG_CONFIDENCE = 0.75;

function strength(finding: Finding): number {
  return finding.validated || finding.confidence >= STRONG_CONFIDENCE ? 1 : 0;
}

/**
 * Keeps one finding per stretch of text: strong (validated, or confident) before weak, then the longer,
 * then the more confident, then the earlier. So an IBAN beats the sort code and account inside it, a URL
 * beats the domain inside it, and a card beats a "possible" phone read from the same digits. Keyword
 * findings never compete with identifiers: they are resolved among themselves by the caller.
 * Returns the survivors in text order.
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  if (findings.length < 2) return [...findings];
  const ranked = [...findings].sort(
    (a, b) =>
      strength(b) - strength(a) ||
      b.end - b.start - (a.end - a.start) ||
      b.confidence - a.confidence ||
      a.start - b.start,
  );
  const kept: Finding[] = [];
  for (const candidate of ranked) {
    if (kept.every((other) => candidate.end <= other.start || candidate.start >= other.end))
      kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
