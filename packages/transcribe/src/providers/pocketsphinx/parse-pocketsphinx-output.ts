import type { TranscriptSegment, TranscriptWord } from '../../transcript/transcript';

// `word start end posterior`, as `pocketsphinx_continuous -time yes` prints each word of an utterance.
const WORD_LINE = /^(\S+) (\d+\.\d+) (\d+\.\d+) (\d+(?:\.\d+)?(?:e-?\d+)?)$/;
// Fillers and silence markers of the en-us model: sentence ends, silence, noise and `++…++` fillers.
const FILLER = /^(?:<s>|<\/s>|<sil>|\[[A-Z]+\]|\+\+.*\+\+|\+.*\+)$/;
// The 0.8 decoder's `end` is the start of the last frame (10 ms frames).
const FRAME_SECONDS = 0.01;

/**
 * Turns the stdout of PocketSphinx 0.8's `pocketsphinx_continuous -time yes` into segments, one per
 * utterance (the decoder's own voice-activity split): a hypothesis line, then one `word start end
 * posterior` line per word. Alternate pronunciations lose their `(2)` suffix; `<s>`, `</s>`, `<sil>`,
 * `[NOISE]` and `++…++` fillers are dropped. An utterance of fillers only gives no segment.
 */
export function parsePocketSphinxOutput(stdout: string): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  let words: TranscriptWord[] | undefined;
  const flush = () => {
    if (words !== undefined && words.length > 0) {
      const confidences = words.map((word) => word.confidence ?? 0);
      segments.push({
        start: words[0]!.start,
        end: words.at(-1)!.end,
        text: words.map((word) => word.text).join(' '),
        confidence: round(confidences.reduce((sum, value) => sum + value, 0) / confidences.length),
        words,
      });
    }
    words = undefined;
  };
  for (const line of stdout.split(/\r?\n/)) {
    const match = WORD_LINE.exec(line.trim());
    if (match === null) {
      // A hypothesis line opens the next utterance.
      flush();
      words = [];
      continue;
    }
    const token = match[1]!;
    if (FILLER.test(token)) continue;
    const start = Number(match[2]);
    const end = Number(match[3]) + FRAME_SECONDS;
    words ??= [];
    words.push({
      text: token.replace(/\(\d+\)$/, ''),
      start: round(start),
      end: round(Math.max(end, start)),
      confidence: Math.min(1, Math.max(0, Number(match[4]))),
    });
  }
  flush();
  return segments;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
