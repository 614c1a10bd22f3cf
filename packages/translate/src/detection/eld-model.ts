import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The part of `eld`'s API toex uses. */
export interface EldDetector {
  detect(text: string): { language: string; isReliable(): boolean };
}

/**
 * Imports eld's extra-small model: as accurate on chat messages as the larger ones (the accuracy test
 * beside this file checks), a third of the memory of `small` (about 30 MB of heap and 40 MB of RSS,
 * against 46 and 90) and twice as quick to load. `eld` is ESM-only, hence the dynamic import, which also
 * keeps its model out of jobs that never detect.
 */
export async function importEld(): Promise<EldDetector> {
  const module = (await import('eld/extrasmall')) as { eld: EldDetector };
  return module.eld;
}

/** The detector a job used, as its manifest records it. */
export interface DetectorDescription {
  name: 'eld';
  /** The model size loaded. */
  model: 'extrasmall';
  /** eld's package version; `unknown` where its package.json cannot be found (a bundled app). */
  version: string;
}

let described: DetectorDescription | undefined;

/**
 * Names the detector and its version for the manifest. eld does not export its package.json, so it is
 * found on the module search path and read once.
 */
export function describeDetector(): DetectorDescription {
  if (described !== undefined) return described;
  let version = 'unknown';
  for (const directory of createRequire(import.meta.url).resolve.paths('eld') ?? []) {
    const path = join(directory, 'eld', 'package.json');
    if (!existsSync(path)) continue;
    try {
      version = String(
        (JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown }).version ?? 'unknown',
      );
    } catch {
      // An unreadable package.json leaves the version unknown; detection itself is unaffected.
    }
    break;
  }
  described = { name: 'eld', model: 'extrasmall', version };
  return described;
}
