/** A record found in the head of a CSV file while working out its layout. */
export interface HeadRecord {
  cells: string[];
  /** 1-based physical line where the record starts. */
  line: number;
  /** Offset (UTF-16 code units) in the text where the record starts. */
  offset: number;
  /** Closing quotes followed by something other than a delimiter or line end: a sign of the wrong delimiter. */
  irregularQuotes: number;
}

/**
 * Splits the head of a CSV file into records for layout detection, honouring RFC 4180 quoting: delimiters
 * and line breaks inside quotes belong to the cell, `""` is a quote. Lenient where csv-parse is lenient
 * (`relax_quotes`): a quote inside an unquoted cell is kept as text. Any of `\r\n`, `\n`, `\r` ends a record.
 *
 * When `complete` is false the text is only the start of the file, so a last record that is not yet
 * terminated (or still inside quotes) is left out.
 */
export function splitCsvRecords(
  text: string,
  delimiter: string,
  options: { complete: boolean },
): HeadRecord[] {
  const records: HeadRecord[] = [];
  const length = text.length;
  let index = 0;
  let line = 1;

  while (index < length) {
    const record: HeadRecord = { cells: [], line, offset: index, irregularQuotes: 0 };
    let terminated = false;
    let unterminatedQuote = false;

    for (;;) {
      let cell = '';
      if (text[index] === '"') {
        index++;
        let closed = false;
        while (index < length) {
          const character = text[index];
          if (character === '"') {
            if (text[index + 1] === '"') {
              cell += '"';
              index += 2;
              continue;
            }
            index++;
            closed = true;
            break;
          }
          if (character === '\r' || character === '\n') {
            line++;
            if (character === '\r' && text[index + 1] === '\n') {
              cell += '\r\n';
              index += 2;
              continue;
            }
          }
          cell += character;
          index++;
        }
        if (!closed) unterminatedQuote = true;
        // Text after a closing quote and before the next delimiter is kept, but marks a likely wrong delimiter.
        const after = index;
        while (index < length && text[index] !== delimiter && text[index] !== '\r' && text[index] !== '\n')
          index++;
        if (index > after) {
          record.irregularQuotes++;
          cell += text.slice(after, index);
        }
      } else {
        const start = index;
        while (index < length && text[index] !== delimiter && text[index] !== '\r' && text[index] !== '\n')
          index++;
        cell = text.slice(start, index);
      }
      record.cells.push(cell);

      if (index >= length) break;
      if (text[index] === delimiter) {
        index++;
        continue;
      }
      // A line ending outside quotes ends the record.
      index += text[index] === '\r' && text[index + 1] === '\n' ? 2 : 1;
      line++;
      terminated = true;
      break;
    }

    if (!options.complete && (!terminated || unterminatedQuote)) break;
    records.push(record);
  }
  return records;
}

/** True for a record that is an empty line. */
export function isBlankRecord(record: { cells: readonly string[] }): boolean {
  return record.cells.length === 1 && record.cells[0] === '';
}
