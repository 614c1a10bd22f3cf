import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces the file at `path` with `content` so that readers, and the file after a crash or power
 * loss, see either the old content or the new, never a mix: write a temporary file in the same
 * directory, flush it, rename it over `path`, flush the directory. The temporary file is removed if
 * anything fails. Internal to the manifest writer.
 */
export async function writeFileAtomically(path: string, content: string, mode = 0o600): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

// Makes the rename itself durable. Not possible on Windows, where opening a directory fails; best effort.
async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file is already in place; only its durability across a power loss is less certain.
  }
}
