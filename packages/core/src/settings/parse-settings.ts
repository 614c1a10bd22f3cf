import { z } from 'zod';
import { ConfigurationError } from '../errors/configuration-error';

/**
 * A settings field holding a function (a `fetch`, a token callback, a logger method): zod checks only that
 * it is one, since a function's signature cannot be checked at run time.
 */
export function functionSetting<T extends (...args: never[]) => unknown>(): z.ZodType<T> {
  return z.custom<T>((value) => typeof value === 'function', { message: 'must be a function' });
}

/**
 * Checks a factory's settings object against its strict schema, so a misspelt option from plain
 * JavaScript (`{ key: … }` for `{ apiKey: … }`) is an error that names the right one, rather than a
 * setting silently ignored and a job that fails later for a reason the user cannot see.
 *
 * Throws `ConfigurationError` (`invalid_settings`) naming `where` (e.g. `createAzureTranslator`), every
 * unknown option with the closest known one, and every invalid value. Values are never quoted: a
 * settings object may hold a key.
 */
export function parseSettings<T>(schema: z.ZodType<T>, settings: unknown, where: string): T {
  const parsed = schema.safeParse(settings ?? {});
  if (parsed.success) return parsed.data;
  const known = knownKeys(schema);
  const problems = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys
        .map((key) => {
          const suggestion = closestKey(key, known);
          return `unknown option "${key}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`;
        })
        .join('; ');
    }
    const path = issue.path.map(String).join('.');
    return `${path === '' ? 'settings' : `"${path}"`} ${issue.message.replace(/^Invalid input: /, '')}`;
  });
  throw new ConfigurationError({
    code: 'invalid_settings',
    setting: parsed.error.issues[0]?.path.map(String).join('.') || undefined,
    message: `${where}: ${problems.join('; ')}. Known options: ${known.join(', ')}.`,
  });
}

function knownKeys(schema: z.ZodType): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape === undefined ? [] : Object.keys(shape);
}

/**
 * The known option a misspelt one most likely meant: one that contains it or is contained by it
 * (`key` → `apiKey`), else the nearest within two edits (`endpont` → `endpoint`).
 */
export function closestKey(unknown: string, known: readonly string[]): string | undefined {
  const lower = unknown.toLowerCase();
  const containing = known.filter((key) => {
    const candidate = key.toLowerCase();
    return lower.length >= 3 && (candidate.includes(lower) || lower.includes(candidate));
  });
  if (containing.length > 0) return containing.sort((a, b) => a.length - b.length)[0];
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(lower, key.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** A settings field holding an object with methods (a logger): checked only to be an object. */
export function objectSetting<T extends object>(): z.ZodType<T> {
  return z.custom<T>((value) => typeof value === 'object' && value !== null, {
    message: 'must be an object',
  });
}
