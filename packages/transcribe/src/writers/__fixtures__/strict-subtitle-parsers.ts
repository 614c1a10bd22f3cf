/**
 * Strict parsers for the subtitle formats, written from the specs rather than from our writers:
 * SRT per https://wiki.x266.mov/docs/subtitles/SRT (number from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`,
 * text lines, blank line) and WebVTT per https://www.w3.org/TR/webvtt1/ (`WEBVTT` header, optional
 * NOTE blocks, `HH:MM:SS.mmm` with two-digit minutes and seconds, no `-->` or raw `<`/`&` in text
 * other than tags and entities). Any deviation throws.
 */
export interface ParsedCue {
  start: number;
  end: number;
  text: string;
}

const SRT_TIME = /^(\d{2}):([0-5]\d):([0-5]\d),(\d{3}) --> (\d{2}):([0-5]\d):([0-5]\d),(\d{3})$/;
const VTT_TIME = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3}) --> (?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})(?: .*)?$/;

function ms(h: string | undefined, m: string, s: string, f: string): number {
  return ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(f);
}

/** Parses SRT strictly; `durationMs` bounds every cue. */
export function parseSrtStrict(text: string, durationMs: number): ParsedCue[] {
  if (text.includes('\r')) throw new Error('CR in SRT');
  if (!text.endsWith('\n')) throw new Error('no final newline');
  const blocks = text.replace(/\n$/, '').split('\n\n');
  let lastStart = -1;
  return blocks.map((block, index) => {
    const lines = block.split('\n');
    if (lines[0] !== String(index + 1)) throw new Error(`block ${index + 1}: number is "${lines[0]}"`);
    const match = SRT_TIME.exec(lines[1] ?? '');
    if (!match) throw new Error(`block ${index + 1}: bad timing line "${lines[1]}"`);
    const start = ms(match[1], match[2]!, match[3]!, match[4]!);
    const end = ms(match[5], match[6]!, match[7]!, match[8]!);
    if (!(end > start)) throw new Error(`block ${index + 1}: end not after start`);
    if (start < lastStart) throw new Error(`block ${index + 1}: starts before the previous cue`);
    if (end > durationMs) throw new Error(`block ${index + 1}: ends after the media (${end} > ${durationMs})`);
    lastStart = start;
    const body = lines.slice(2);
    if (body.length === 0 || body.some((line) => line.trim() === '')) throw new Error(`block ${index + 1}: empty text`);
    if (body.some((line) => line.includes('-->'))) throw new Error(`block ${index + 1}: --> in text`);
    return { start, end, text: body.join('\n') };
  });
}

/** Parses WebVTT strictly; returns cues with entities decoded and voice tags kept. */
export function parseVttStrict(text: string, durationMs: number): ParsedCue[] {
  if (text.includes('\r') || text.includes('\0')) throw new Error('CR or NUL in VTT');
  const blocks = text.replace(/\n+$/, '').split(/\n{2,}/);
  const header = blocks.shift() ?? '';
  if (!/^WEBVTT(?:[ \t][^\n]*)?$/.test(header.split('\n')[0] ?? '')) throw new Error('no WEBVTT header');
  if (header.includes('-->')) throw new Error('--> in header');
  const cues: ParsedCue[] = [];
  let lastStart = -1;
  for (const block of blocks) {
    if (/^NOTE(?:[ \t\n]|$)/.test(block)) {
      if (block.includes('-->')) throw new Error('--> in NOTE');
      continue;
    }
    const lines = block.split('\n');
    const timingIndex = lines[0]?.includes('-->') ? 0 : 1;
    const match = VTT_TIME.exec(lines[timingIndex] ?? '');
    if (!match) throw new Error(`bad timing line "${lines[timingIndex]}"`);
    const start = ms(match[1], match[2]!, match[3]!, match[4]!);
    const end = ms(match[5], match[6]!, match[7]!, match[8]!);
    if (!(end > start)) throw new Error('end not after start');
    if (start < lastStart) throw new Error('cue starts before the previous one');
    if (end > durationMs) throw new Error('cue ends after the media');
    lastStart = start;
    const payload = lines.slice(timingIndex + 1).join('\n');
    if (payload === '' || payload.includes('-->')) throw new Error('empty payload or --> in it');
    // Outside tags, `<` must be a tag and `&` an entity.
    const withoutTags = payload.replace(/<\/?(?:v(?: [^>]+)?|c|i|b|u)>/g, '');
    if (/[<>]/.test(withoutTags)) throw new Error(`raw < or > in "${payload}"`);
    if (/&(?!amp;|lt;|gt;|nbsp;|lrm;|rlm;)/.test(withoutTags)) throw new Error(`raw & in "${payload}"`);
    cues.push({
      start,
      end,
      text: payload.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'),
    });
  }
  return cues;
}
