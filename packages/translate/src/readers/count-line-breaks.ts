/**
 * Counts physical line breaks in `text` the way editors number lines: `\r\n`, `\n` and a lone `\r` each
 * count once. Used to give every row the line it starts on, including rows after multi-line cells.
 */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  for (let index = text.indexOf('\r'); index !== -1; index = text.indexOf('\r', index + 1)) {
    if (text.charCodeAt(index + 1) !== 0x0a) count++;
  }
  return count;
}

/** Splits text into physical lines on `\r\n`, `\n` or `\r`, without the line endings. */
export function splitPhysicalLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}
