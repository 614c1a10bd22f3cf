import { lengthBand, lengthRatio, minimumLengthCheckedCodePoints } from './length-ratio';
import { scriptOfLanguage } from './text-script';

/** One translated text, as the truncation check sees it. */
export interface TruncatedCheckInput {
  source: string;
  translation: string;
  /** Source language, given or detected; absent when unknown. */
  from?: string;
  to: string;
  /** True when the provider said it stopped short (an output limit reached). */
  reportedByProvider?: boolean;
}

// Sentence-final marks of the scripts toex meets: Latin and Cyrillic, CJK full-width, Arabic, Devanagari.
const sentenceEnd = /[.!?…。！？؟।]['"”’»)\]\s]*$/u;
// Ends on a letter, a digit or a mark that continues a sentence: the engine stopped mid-sentence.
const openEnd = /[\p{L}\p{N},;:、，]$/u;
const sentenceBreak = /[.!?…。！？؟।]+(?:['"”’»)\]]*)(?:\s+|$)/gu;
// Numbers, links and addresses read the same in any language: they anchor where a text's tail went.
const anchorPattern = /https?:\/\/\S+|\S+@\S+\.\S+|\d[\d.,:/-]*\d|\d/gu;

/**
 * `truncated`: the engine stopped short. Any of:
 * - the provider reported it (a chat model's `finish_reason: length`);
 * - the source ends a sentence (`.`, `!`, `?`, `。`, `؟`…) and the output ends on a letter, digit or comma
 *   (not applied to Thai targets, which end sentences without a mark);
 * - the output is under the `length` band's lower bound and has fewer sentences than the source;
 * - numbers, links or addresses in the last third of the source are missing from the output while
 *   those of the first two thirds are all there.
 * Sources under `minimumLengthCheckedCodePoints` are judged only on the provider's report.
 */
export function checkTruncated(input: TruncatedCheckInput): boolean {
  if (input.reportedByProvider === true) return true;
  const source = input.source.trim();
  const translation = input.translation.trim();
  const { ratio, expected, sourceLength } = lengthRatio(source, translation, input.from, input.to);
  if (sourceLength < minimumLengthCheckedCodePoints) return false;
  if (scriptOfLanguage(input.to) !== 'thai' && sentenceEnd.test(source) && openEnd.test(translation))
    return true;
  if (ratio < expected * lengthBand.lower && sentenceCount(translation) < sentenceCount(source)) return true;
  return tailAnchorsMissing(source, translation);
}

function sentenceCount(text: string): number {
  const breaks = text.match(sentenceBreak)?.length ?? 0;
  // A last sentence without its mark is a sentence too.
  return sentenceEnd.test(text) ? breaks : breaks + 1;
}

function tailAnchorsMissing(source: string, translation: string): boolean {
  const tailStart = Math.floor((source.length * 2) / 3);
  const anchors = [...source.matchAll(anchorPattern)];
  const head = anchors.filter((anchor) => anchor.index < tailStart).map((anchor) => digitsOf(anchor[0]));
  const tail = anchors.filter((anchor) => anchor.index >= tailStart).map((anchor) => digitsOf(anchor[0]));
  if (tail.length === 0) return false;
  const output = new Set([...translation.matchAll(anchorPattern)].map((anchor) => digitsOf(anchor[0])));
  return head.every((anchor) => output.has(anchor)) && tail.some((anchor) => !output.has(anchor));
}

/**
 * Numbers compared by their digits alone (`1,000` and `1.000` are the same number in two conventions);
 * links and addresses, lower-cased, as they are.
 */
function digitsOf(text: string): string {
  return /^\d/.test(text) ? text.replace(/\D/g, '') : text.toLowerCase();
}
