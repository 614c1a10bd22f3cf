import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const examplesDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundled sample: a fictional Spanish phone-download CSV with a three-line report preamble. */
export const sampleExport = join(examplesDirectory, 'sample-phone-export-es.csv');

/** A fresh, empty `examples/output/<name>/` directory for one example's files (gitignored). */
export function outputDirectory(name: string): string {
  const directory = join(examplesDirectory, 'output', name);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  return directory;
}

/** A file bundled beside the examples. */
export function exampleFile(name: string): string {
  return join(examplesDirectory, name);
}
