import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchDataDirectory, repositoryRoot } from '../paths';
import { type ExportFacts, writeExport } from './write-export';

/** A generated export on disk. */
export interface GeneratedExport extends ExportFacts {
  path: string;
  /** Seconds spent generating it now; 0 when it was already cached. */
  generatedInSeconds: number;
}

/**
 * Returns the export of `rows` rows, generating it the first time. Files are named after the generator's
 * own source, so changing the generator makes new files instead of silently reusing stale ones.
 */
export async function ensureExport(rows: number): Promise<GeneratedExport> {
  await mkdir(benchDataDirectory, { recursive: true });
  const version = await generatorVersion();
  await removeOtherVersions(version);
  const path = join(benchDataDirectory, `chats-${rows}-${version}.csv`);
  const factsPath = `${path}.json`;
  const cached = await readFacts(factsPath, path);
  if (cached !== undefined) return { ...cached, path, generatedInSeconds: 0 };
  const started = performance.now();
  const facts = await writeExport(path, rows);
  await writeFile(factsPath, JSON.stringify(facts));
  return { ...facts, path, generatedInSeconds: (performance.now() - started) / 1000 };
}

/** Deletes exports made by an earlier version of the generator (the 10× one is hundreds of MB). */
async function removeOtherVersions(version: string): Promise<void> {
  for (const name of await readdir(benchDataDirectory)) {
    const match = /^chats-\d+-([0-9a-f]{8})\.csv(?:\.json|\.partial)?$/.exec(name);
    if (match !== null && match[1] !== version) await rm(join(benchDataDirectory, name), { force: true });
  }
}

async function readFacts(factsPath: string, path: string): Promise<ExportFacts | undefined> {
  try {
    const facts = JSON.parse(await readFile(factsPath, 'utf8')) as ExportFacts;
    const { size } = await stat(path);
    return size === facts.bytes ? facts : undefined;
  } catch {
    return undefined;
  }
}

/** The sources that decide what an export holds. */
const generatorSources = [
  'write-export.ts',
  'compose-message.ts',
  'spanish-vocabulary.ts',
  'seeded-random.ts',
];

/** First 8 hex digits of the SHA-256 of the generator's sources. */
async function generatorVersion(): Promise<string> {
  const directory = join(repositoryRoot, 'bench', 'data');
  const hash = createHash('sha256');
  for (const name of generatorSources) {
    hash.update(name);
    hash.update(await readFile(join(directory, name)));
  }
  return hash.digest('hex').slice(0, 8);
}
