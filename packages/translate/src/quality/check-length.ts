import { lengthBand, lengthRatio, minimumLengthCheckedCodePoints } from './length-ratio';

/** One translated text, as the length check sees it. */
export interface LengthCheckInput {
  source: string;
  translation: string;
  /** Source language, given or detected; absent when unknown (the source's script stands in). */
  from?: string;
  to: string;
}

/**
 * `length`: the output is under half or over twice the length the language pair predicts (see
 * `relativeLength`). Sources under {@link minimumLengthCheckedCodePoints} code points are not judged.
 */
export function checkLength(input: LengthCheckInput): boolean {
  const { ratio, expected, sourceLength } = lengthRatio(
    input.source,
    input.translation,
    input.from,
    input.to,
  );
  if (sourceLength < minimumLengthCheckedCodePoints) return false;
  return ratio < expected * lengthBand.lower || ratio > expected * lengthBand.upper;
}
