import { InputError } from '@toex/core';
import { describeBinarySignature } from './binary-signature';

/** How an encoding was chosen, from most to least certain. */
export type EncodingDetectionMethod =
  /** Given by the caller (`--encoding`). */
  | 'option'
  /** A byte-order mark at the start of the file. */
  | 'bom'
  /** UTF-16 without a byte-order mark, recognised by its NUL bytes in every other position. */
  | 'utf-16-pattern'
  /** Only ASCII bytes in the sample, read as UTF-8. */
  | 'ascii'
  /** The sample is valid UTF-8 and holds multi-byte characters. */
  | 'utf-8'
  /** Not UTF-8: byte statistics chose between windows-1252, windows-1256 and gb18030. */
  | 'heuristic';

/** Which character encoding a reader decodes the input with, and why. The CLI prints `reason`. */
export interface EncodingDetection {
  /** WHATWG encoding name as `TextDecoder` reports it, e.g. `utf-8`, `utf-16le`, `windows-1256`, `gb18030`. */
  name: string;
  method: EncodingDetectionMethod;
  /**
   * `certain`: given, or a byte-order mark. `high`: UTF-8 validity or a clear statistical winner.
   * `low`: a guess; check a few rows and pass `--encoding` if the text looks wrong.
   */
  confidence: 'certain' | 'high' | 'low';
  /** One sentence for people, e.g. `UTF-16 LE byte-order mark`. */
  reason: string;
}

/** Options for {@link detectEncoding}. */
export interface DetectEncodingOptions {
  /** Encoding to use instead of detecting one: any label `TextDecoder` knows (`latin1`, `cp1256`, `gbk`…). */
  encoding?: string;
  /** The input as named in error messages. */
  file?: string;
}

/**
 * Chooses the encoding of a text file from its first bytes (pass about 64 KB).
 *
 * Order: a known binary signature (ZIP, SQLite, PNG…) is rejected even when an encoding is given; then the
 * `encoding` option; a byte-order mark (UTF-8, UTF-16 LE/BE); UTF-16 without a mark, recognised by NUL
 * bytes in alternate positions; any other NUL byte means a binary file; valid UTF-8; otherwise a
 * statistical choice between the legacy encodings phone exports use: windows-1252 (Western European),
 * windows-1256 (Arabic) and gb18030 (Chinese). See `chooseLegacyEncoding`.
 *
 * Throws `InputError` `binary_file` for binary input and `unknown_encoding` for an unknown `encoding`.
 */
export function detectEncoding(sample: Uint8Array, options: DetectEncodingOptions = {}): EncodingDetection {
  const { file } = options;
  const binary = describeBinarySignature(sample);
  if (binary !== undefined) throw binaryFileError(file, `it is ${binary}`);

  if (options.encoding !== undefined) {
    return {
      name: resolveEncodingName(options.encoding, file),
      method: 'option',
      confidence: 'certain',
      reason: `encoding ${options.encoding} given`,
    };
  }

  const bom = detectByteOrderMark(sample);
  if (bom !== undefined) return bom;

  const nulBytes = countNulBytes(sample);
  if (nulBytes.even + nulBytes.odd > 0) {
    const utf16 = detectUtf16WithoutBom(sample, nulBytes);
    if (utf16 !== undefined) return utf16;
    throw binaryFileError(
      file,
      `${nulBytes.even + nulBytes.odd} NUL bytes in the first ${sample.length} bytes, which text exports never contain`,
    );
  }

  if (isAscii(sample)) {
    return {
      name: 'utf-8',
      method: 'ascii',
      confidence: 'high',
      reason: `only ASCII characters in the first ${formatBytes(sample.length)}, read as UTF-8`,
    };
  }
  if (isValidUtf8(sample)) {
    return {
      name: 'utf-8',
      method: 'utf-8',
      confidence: 'high',
      reason: `valid UTF-8 (no byte-order mark)`,
    };
  }
  return chooseLegacyEncoding(sample);
}

/**
 * Resolves an encoding label (`latin1`, `cp1252`, `UTF8`…) to the WHATWG name `TextDecoder` uses, or throws
 * `InputError` `unknown_encoding` naming the encodings toex detects.
 */
export function resolveEncodingName(label: string, file?: string): string {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch (error) {
    throw new InputError({
      code: 'unknown_encoding',
      file,
      message:
        `"${label}" is not an encoding this system can decode. Use one of utf-8, utf-16le, utf-16be, ` +
        'windows-1252 (Western European), windows-1256 (Arabic), gb18030 (Chinese), or another WHATWG label.',
      cause: error,
    });
  }
}

function binaryFileError(file: string | undefined, why: string): InputError {
  return new InputError({
    code: 'binary_file',
    file,
    message:
      `this is not a text file: ${why}. Export the messages as CSV, text or JSONL and pass that file. ` +
      'If it really is text, pass --encoding to read it anyway.',
  });
}

function detectByteOrderMark(sample: Uint8Array): EncodingDetection | undefined {
  const [first, second, third] = sample;
  if (first === 0xef && second === 0xbb && third === 0xbf) {
    return { name: 'utf-8', method: 'bom', confidence: 'certain', reason: 'UTF-8 byte-order mark' };
  }
  if (first === 0xff && second === 0xfe) {
    return {
      name: 'utf-16le',
      method: 'bom',
      confidence: 'certain',
      reason: 'UTF-16 LE byte-order mark',
    };
  }
  if (first === 0xfe && second === 0xff) {
    return {
      name: 'utf-16be',
      method: 'bom',
      confidence: 'certain',
      reason: 'UTF-16 BE byte-order mark',
    };
  }
  return undefined;
}

function countNulBytes(sample: Uint8Array): { even: number; odd: number } {
  let even = 0;
  let odd = 0;
  for (let index = 0; index < sample.length; index++) {
    if (sample[index] === 0) {
      if (index % 2 === 0) even++;
      else odd++;
    }
  }
  return { even, odd };
}

// UTF-16 text of any script holds ASCII delimiters, digits and spaces, whose high byte is NUL: NULs fall
// in the odd positions (little-endian) or the even ones (big-endian), and rarely in the other.
function detectUtf16WithoutBom(
  sample: Uint8Array,
  nul: { even: number; odd: number },
): EncodingDetection | undefined {
  const pairs = Math.floor(sample.length / 2);
  const candidates: Array<{ encoding: 'utf-16le' | 'utf-16be'; hits: number; misses: number }> = [
    { encoding: 'utf-16le', hits: nul.odd, misses: nul.even },
    { encoding: 'utf-16be', hits: nul.even, misses: nul.odd },
  ];
  for (const { encoding, hits, misses } of candidates) {
    if (pairs === 0 || hits < pairs * 0.1 || misses * 4 > hits) continue;
    if (!decodesCleanly(sample, encoding)) continue;
    const share = Math.round((hits / pairs) * 100);
    return {
      name: encoding,
      method: 'utf-16-pattern',
      confidence: 'high',
      reason: `no byte-order mark, but NUL bytes in ${share}% of the ${encoding === 'utf-16le' ? 'odd' : 'even'} positions: UTF-16 ${encoding === 'utf-16le' ? 'LE' : 'BE'}`,
    };
  }
  return undefined;
}

function decodesCleanly(sample: Uint8Array, encoding: string): boolean {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: true });
    // Binary data that happens to decode still shows C0 control characters other than tab and line breaks.
    let controls = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) controls++;
    }
    return controls <= text.length * 0.01;
  } catch {
    return false;
  }
}

function isAscii(sample: Uint8Array): boolean {
  for (const byte of sample) if (byte >= 0x80) return false;
  return true;
}

function isValidUtf8(sample: Uint8Array): boolean {
  try {
    // Streaming mode tolerates a character cut in half at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

// Bytes 0x80–0xFF that windows-1256 maps to Arabic letters, marks or punctuation (U+0600–U+06FF).
const arabicIn1256 = (() => {
  const decoder = new TextDecoder('windows-1256');
  const table = new Uint8Array(256);
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const code = decoder.decode(Uint8Array.of(byte)).charCodeAt(0);
    table[byte] = code >= 0x0600 && code <= 0x06ff ? 1 : 0;
  }
  return table;
})();

const isAsciiLetter = (byte: number | undefined): boolean =>
  byte !== undefined && ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));

/**
 * Chooses between windows-1252, windows-1256 and gb18030 for a sample that is not valid UTF-8, from how
 * its high bytes (0x80–0xFF) are arranged:
 *
 * - **gb18030**: (nearly) every high byte is part of a well-formed GB sequence (lead 0x81–0xFE with trail
 *   0x40–0xFE, or a four-byte sequence), and at least three quarters of the Chinese characters come from
 *   the common-character block (GB2312 level 1, leads 0xB0–0xD7), as real Chinese text does. Arabic or
 *   Latin bytes read as GB land mostly on rare characters, or break the pairing.
 * - **windows-1256 vs windows-1252**: in Western European text an accented letter sits inside a word, next
 *   to ASCII letters (`canción`); in Arabic text runs of two or more high bytes that are all Arabic letters
 *   in windows-1256 stand between spaces and punctuation. The encoding with more such runs wins; windows-1252
 *   wins ties, as the most common legacy encoding.
 */
export function chooseLegacyEncoding(sample: Uint8Array): EncodingDetection {
  const gb = measureGb18030(sample);
  // One stray byte in a hundred Chinese characters is tolerated: exports are sometimes damaged.
  if (gb.hanzi >= 2 && gb.invalid * 100 <= gb.hanzi && gb.commonHanzi >= gb.hanzi * 0.75) {
    return {
      name: 'gb18030',
      method: 'heuristic',
      confidence: gb.hanzi >= 10 ? 'high' : 'low',
      reason: `not UTF-8; every high byte forms a GB18030 character and ${gb.commonHanzi} of ${gb.hanzi} Chinese characters are common ones`,
    };
  }

  let latin = 0;
  let arabic = 0;
  let index = 0;
  while (index < sample.length) {
    if ((sample[index] ?? 0) < 0x80) {
      index++;
      continue;
    }
    const start = index;
    let arabicLetters = 0;
    while (index < sample.length && (sample[index] ?? 0) >= 0x80) {
      arabicLetters += arabicIn1256[sample[index] ?? 0] ?? 0;
      index++;
    }
    const length = index - start;
    if (isAsciiLetter(sample[start - 1]) || isAsciiLetter(sample[index])) latin++;
    else if (length >= 2 && arabicLetters >= length * 0.8) arabic++;
  }

  if (arabic > latin) {
    return {
      name: 'windows-1256',
      method: 'heuristic',
      confidence: arabic >= 5 && arabic >= latin * 3 ? 'high' : 'low',
      reason: `not UTF-8; ${arabic} runs of bytes read as Arabic words in windows-1256, against ${latin} accented letters inside Latin words`,
    };
  }
  return {
    name: 'windows-1252',
    method: 'heuristic',
    confidence: latin >= 5 && latin >= arabic * 3 ? 'high' : 'low',
    reason:
      latin > 0
        ? `not UTF-8; ${latin} accented letters inside Latin words point to windows-1252 (Western European)`
        : 'not UTF-8 and no clear pattern; assumed windows-1252 (Western European)',
  };
}

function measureGb18030(sample: Uint8Array): { invalid: number; hanzi: number; commonHanzi: number } {
  let invalid = 0;
  let hanzi = 0;
  let commonHanzi = 0;
  let index = 0;
  const inRange = (byte: number | undefined, low: number, high: number) =>
    byte !== undefined && byte >= low && byte <= high;
  while (index < sample.length) {
    const lead = sample[index] ?? 0;
    if (lead < 0x80) {
      index++;
      continue;
    }
    const second = sample[index + 1];
    // A sequence cut by the end of the sample is neither valid nor invalid.
    if (second === undefined) break;
    if (lead === 0x80 || lead === 0xff) {
      invalid++;
      index++;
    } else if (inRange(second, 0x30, 0x39)) {
      if (index + 3 >= sample.length) break;
      if (inRange(sample[index + 2], 0x81, 0xfe) && inRange(sample[index + 3], 0x30, 0x39)) index += 4;
      else {
        invalid++;
        index++;
      }
    } else if (inRange(second, 0x40, 0x7e) || inRange(second, 0x80, 0xfe)) {
      if (lead >= 0xb0 && lead <= 0xf7 && second >= 0xa1) {
        hanzi++;
        if (lead <= 0xd7) commonHanzi++;
      }
      index += 2;
    } else {
      invalid++;
      index++;
    }
  }
  return { invalid, hanzi, commonHanzi };
}

function formatBytes(count: number): string {
  return count >= 1024 ? `${Math.round(count / 1024)} KB` : `${count} bytes`;
}
