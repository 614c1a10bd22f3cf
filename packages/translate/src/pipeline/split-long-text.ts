/**
 * Splits a text longer than `maxLength` (UTF-16 code units) into parts at sentence boundaries, falling
 * back to word boundaries, and finally to hard cuts that never separate a surrogate pair. Joining the
 * parts with `''` gives back the original text exactly, so translations of the parts are rejoined
 * with no separator loss.
 */
export function splitLongText(text: string, maxLength: number, locale?: string): string[] {
  if (text.length <= maxLength) return [text];
  const parts: string[] = [];
  let current = '';
  for (const sentence of segmentText(text, 'sentence', locale)) {
    for (const piece of sentence.length <= maxLength
      ? [sentence]
      : splitSentence(sentence, maxLength, locale)) {
      if (current.length + piece.length > maxLength && current.length > 0) {
        parts.push(current);
        current = '';
      }
      current += piece;
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

function splitSentence(sentence: string, maxLength: number, locale?: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of segmentText(sentence, 'word', locale)) {
    for (const piece of word.length <= maxLength ? [word] : hardCut(word, maxLength)) {
      if (current.length + piece.length > maxLength && current.length > 0) {
        pieces.push(current);
        current = '';
      }
      current += piece;
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

function hardCut(text: string, maxLength: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + maxLength, text.length);
    // Never cut between the two halves of a surrogate pair: the provider would reject a lone half.
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff && end - 1 > start) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

function* segmentText(text: string, granularity: 'sentence' | 'word', locale?: string): Generator<string> {
  const segmenter = new Intl.Segmenter(locale, { granularity });
  for (const { segment } of segmenter.segment(text)) yield segment;
}
