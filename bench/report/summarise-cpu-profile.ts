import { readFile } from 'node:fs/promises';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) the summary reads. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where the time of a profile went. */
export interface ProfileSummary {
  totalMilliseconds: number;
  /** Self time per function (`name file:line`), largest first. */
  functions: Array<{ name: string; milliseconds: number; share: number }>;
  /** Self time per file or package (`node_modules/<package>`, `node:internal`, …), largest first. */
  files: Array<{ name: string; milliseconds: number; share: number }>;
}

/** Reads a `.cpuprofile` and adds up self time per function and per file. */
export async function summariseCpuProfile(path: string, top = 25): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicroseconds = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMicroseconds.set(id, (selfMicroseconds.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  for (const [id, microseconds] of selfMicroseconds) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    total += microseconds;
    const file = shortFile(frame.url);
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + microseconds);
    files.set(file, (files.get(file) ?? 0) + microseconds);
  }
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((left, right) => right[1] - left[1])
      .slice(0, top)
      .map(([name, microseconds]) => ({
        name,
        milliseconds: microseconds / 1000,
        share: total === 0 ? 0 : microseconds / total,
      }));
  return { totalMilliseconds: total / 1000, functions: ranked(functions), files: ranked(files) };
}

/** `file:///…/node_modules/csv-parse/dist/esm/index.js` → `csv-parse/dist/esm/index.js`. */
function shortFile(url: string): string {
  if (url === '') return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const packages = url.indexOf('/packages/');
  if (packages !== -1) return url.slice(packages + 1);
  return url.replace(/^file:\/\/\//, '/');
}
