/**
 * Names the kind of binary file `bytes` starts with, from its magic number, or returns `undefined` for
 * anything not recognised. Used to tell an investigator that they passed, say, the `.xlsx` workbook or
 * the phone's SQLite database instead of the CSV export.
 */
export function describeBinarySignature(bytes: Uint8Array): string | undefined {
  for (const signature of signatures) {
    if (signature.matches(bytes)) return signature.description;
  }
  return undefined;
}

interface Signature {
  description: string;
  matches(bytes: Uint8Array): boolean;
}

const startsWith =
  (expected: readonly number[], offset = 0) =>
  (bytes: Uint8Array): boolean =>
    expected.every((value, index) => bytes[offset + index] === value);

const ascii = (text: string): number[] => Array.from(text, (character) => character.charCodeAt(0));

// Only signatures that cannot plausibly begin a text export: each has a non-text byte or a long exact tag.
const signatures: readonly Signature[] = [
  {
    description: 'a ZIP archive (an .xlsx workbook, a .ufdr report or a zipped export)',
    matches: (bytes) =>
      startsWith([0x50, 0x4b, 0x03, 0x04])(bytes) || startsWith([0x50, 0x4b, 0x05, 0x06])(bytes),
  },
  {
    description: 'an old Office file (.xls workbook, .doc or .msg)',
    matches: startsWith([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  },
  {
    description: "an SQLite database (for example a phone's message store)",
    matches: startsWith(ascii('SQLite format 3\0')),
  },
  { description: 'an Apple binary property list', matches: startsWith(ascii('bplist0')) },
  { description: 'a PDF document', matches: startsWith(ascii('%PDF-')) },
  { description: 'a PNG image', matches: startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { description: 'a JPEG image', matches: startsWith([0xff, 0xd8, 0xff]) },
  {
    description: 'a GIF image',
    matches: (bytes) => startsWith(ascii('GIF87a'))(bytes) || startsWith(ascii('GIF89a'))(bytes),
  },
  { description: 'a gzip archive', matches: startsWith([0x1f, 0x8b, 0x08]) },
  { description: 'a 7-Zip archive', matches: startsWith([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { description: 'a RAR archive', matches: startsWith([...ascii('Rar!'), 0x1a, 0x07]) },
  { description: 'a video or HEIC image (MP4 family)', matches: startsWith(ascii('ftyp'), 4) },
  { description: 'an audio or video file (RIFF: WAV, AVI or WebP)', matches: startsWith(ascii('RIFF')) },
  { description: 'an Ogg audio file', matches: startsWith([...ascii('OggS'), 0x00]) },
  { description: 'an executable program', matches: startsWith([0x7f, ...ascii('ELF')]) },
];
