import { InputError } from '../errors/input-error';
import { ToexError } from '../errors/toex-error';
import type { FileDigest } from '../hashing/file-digest';
import { sha256Text } from '../hashing/sha256-text';
import { formatValidationIssues } from '../http/format-validation-issues';
import { redactDeep } from '../secrets/redact-deep';
import { type Manifest, manifestSchema } from './manifest-schema';
import { writeFileAtomically } from './write-file-atomically';

/**
 * Validates `manifest`, redacts every secret in it (registered secrets and credential-shaped text
 * anywhere, e.g. in `job.command` or a warning message), and writes it as pretty JSON, atomically:
 * the file at `path` is either the previous one or the complete new one, never partial. Created with
 * owner-only permissions.
 *
 * Resolves with the SHA-256 and size of the manifest file written, for logs or a countersignature.
 * Throws {@link InputError} (code `invalid_manifest`, naming `path` and the offending fields) when the
 * manifest is not valid, writing nothing; {@link ToexError} (code `manifest_write_failed`) when the
 * file cannot be written.
 */
export async function writeManifest(path: string, manifest: Manifest): Promise<FileDigest> {
  const redacted = redactDeep(validate(path, manifest));
  // Redaction only shortens strings, but the written file must be valid whatever it did.
  const content = `${JSON.stringify(validate(path, redacted), null, 2)}\n`;
  try {
    await writeFileAtomically(path, content);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToexError({
      code: 'manifest_write_failed',
      message: `Could not write the manifest ${path}: ${reason}. No partial manifest was left behind.`,
      cause: error,
    });
  }
  return { sha256: sha256Text(content), bytes: Buffer.byteLength(content) };
}

function validate(path: string, manifest: unknown): Manifest {
  const checked = manifestSchema.safeParse(manifest);
  if (checked.success) return checked.data;
  throw new InputError({
    code: 'invalid_manifest',
    file: path,
    message: `the manifest is not valid, so it was not written: ${formatValidationIssues(checked.error)}.`,
  });
}
