import { readFile } from 'node:fs/promises';
import { InputError } from '../errors/input-error';
import { formatValidationIssues } from '../http/format-validation-issues';
import { secureJsonParse } from '../http/secure-json-parse';
import { type Manifest, manifestSchema } from './manifest-schema';

/**
 * Reads and validates a manifest written by `writeManifest`. Throws {@link InputError} naming the file
 * when it cannot be read (`unreadable_file`), is not JSON, or is not a valid manifest
 * (`invalid_manifest`, listing the offending fields).
 */
export async function readManifest(path: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({
      code: 'unreadable_file',
      file: path,
      message: `the manifest cannot be read: ${reason}`,
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = secureJsonParse(text);
  } catch (error) {
    throw new InputError({
      code: 'invalid_manifest',
      file: path,
      message: 'the manifest is not valid JSON.',
      cause: error,
    });
  }
  const checked = manifestSchema.safeParse(parsed);
  if (!checked.success) {
    throw new InputError({
      code: 'invalid_manifest',
      file: path,
      message: `not a valid toex manifest: ${formatValidationIssues(checked.error)}.`,
    });
  }
  return checked.data;
}
