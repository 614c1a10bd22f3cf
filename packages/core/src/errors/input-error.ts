import { hasMarker, ToexError } from './toex-error';

const marker = 'toex.error.input';
const symbol = Symbol.for(marker);

/** Where in an input file a problem was found. Every field can be absent when it is not known. */
export interface InputLocation {
  /** Path of the input file as the user gave it. */
  file?: string;
  /** 1-based physical line in the file. */
  line?: number;
  /** 1-based data row (after any preamble and header). */
  row?: number;
  /** Column or field name. */
  column?: string;
}

/**
 * The input cannot be read as asked: unbalanced quote, no such column, binary or empty file.
 * The message names the file and line (`file.csv:12`) and says what to do. Never retryable.
 */
export class InputError extends ToexError {
  private readonly [symbol] = true;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;

  constructor(options: { code?: string; message: string; cause?: unknown } & InputLocation) {
    super({
      code: options.code ?? 'invalid_input',
      message: `${formatLocation(options)}${options.message}`,
      cause: options.cause,
    });
    this.name = 'InputError';
    this.file = options.file;
    this.line = options.line;
    this.row = options.row;
    this.column = options.column;
  }

  static override isInstance(error: unknown): error is InputError {
    return hasMarker(error, marker);
  }
}

/** `file.csv:12: ` (or `file.csv: `, `row 4: `, or nothing) — the prefix compilers and editors understand. */
export function formatLocation(location: InputLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) {
    parts.push(location.line === undefined ? location.file : `${location.file}:${location.line}`);
  } else if (location.line !== undefined) {
    parts.push(`line ${location.line}`);
  }
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.column !== undefined) parts.push(`column "${location.column}"`);
  return parts.length === 0 ? '' : `${parts.join(', ')}: `;
}
