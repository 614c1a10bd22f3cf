import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of `text` encoded as UTF-8: what `sha256sum` prints for a file holding it. */
export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
