import { ConfigurationError } from '@toex/core';

/** What {@link readJsonField} found at a path. */
export type JsonFieldValue =
  | { found: true; text: string }
  /** `missing`: the path does not exist. `not_text`: it holds an object or a non-text array. */
  | { found: false; reason: 'missing' | 'not_text' };

/**
 * Splits a field path such as `message.text` or `messages.0.body` into its segments. A number segment
 * indexes an array. Throws `ConfigurationError` for an empty path or an empty segment (`a..b`).
 */
export function parseFieldPath(path: string): string[] {
  const segments = path.trim().split('.');
  if (segments.some((segment) => segment === '')) {
    throw new ConfigurationError({
      code: 'invalid_field_path',
      setting: 'fields',
      message: `"${path}" is not a field path. Name the field with dots between levels, e.g. text or message.text.`,
    });
  }
  return segments;
}

/**
 * Reads the text at `path` in a parsed JSON value. Strings are returned as they are; numbers and booleans
 * as their JSON text; `null` as empty text (present but empty). An array of strings and `{ text }` objects —
 * Telegram's formatted `text` — is joined into one string, as Telegram shows it.
 */
export function readJsonField(value: unknown, path: readonly string[]): JsonFieldValue {
  let current: unknown = value;
  for (const segment of path) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return { found: false, reason: 'missing' };
    if (current === undefined) return { found: false, reason: 'missing' };
  }
  if (current === null) return { found: true, text: '' };
  if (typeof current === 'string') return { found: true, text: current };
  if (typeof current === 'number' || typeof current === 'boolean')
    return { found: true, text: String(current) };
  if (Array.isArray(current) && current.every(isTextRun)) {
    return { found: true, text: current.map((run) => (typeof run === 'string' ? run : run.text)).join('') };
  }
  return { found: false, reason: 'not_text' };
}

/**
 * Lists the paths of the text fields in a parsed JSON value (strings, and Telegram-style text arrays),
 * in document order, down to `maxDepth` levels. Arrays of other values are not entered: their positions
 * change from record to record. Used to offer fields when none was named.
 */
export function listTextFieldPaths(value: unknown, maxDepth = 4): string[] {
  const paths: string[] = [];
  const visit = (current: unknown, prefix: string, depth: number): void => {
    if (
      typeof current === 'string' ||
      (Array.isArray(current) && current.length > 0 && current.every(isTextRun))
    ) {
      if (prefix !== '') paths.push(prefix);
      return;
    }
    if (!isObject(current) || depth >= maxDepth) return;
    for (const [key, child] of Object.entries(current)) {
      // A key containing a dot cannot be named by a dotted path.
      if (!key.includes('.')) visit(child, prefix === '' ? key : `${prefix}.${key}`, depth + 1);
    }
  };
  visit(value, '', 0);
  return paths;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTextRun(value: unknown): value is string | { text: string } {
  return typeof value === 'string' || (isObject(value) && typeof value.text === 'string');
}
