import { parseArgs } from 'node:util';

/** The benchmarks `npm run bench` can run; `--only` picks some. */
export const benchmarkNames = ['overhead', 'quota', 'billing', 'entities', 'transcribe', 'xlsx'] as const;
export type BenchmarkName = (typeof benchmarkNames)[number];

/** The HTTP quota benchmark's setting: a quota and how many minutes of it the job needs. */
export interface QuotaScenario {
  /** The quota the stand-in enforces and the job is told (`charactersPerMinute`). */
  charactersPerMinute: number;
  /** Characters to bill, in minutes of quota: the job takes about this many minutes less one. */
  minutesOfWork: number;
}

/** What one `npm run bench` does. */
export interface BenchSettings {
  quick: boolean;
  only: ReadonlySet<BenchmarkName>;
  /** Rounds of the overhead benchmark (each: pass-through, no cache, file cache, in a rotating order). */
  rounds: number;
  /** Rows of the export the targets are stated for. */
  baseRows: number;
  /** The memory-scaling run uses this many times the rows, once per mode; 0 skips it. */
  scaleFactor: number;
  /** Also profile a translation with and one without language detection, and print where the time went. */
  profile: boolean;
  /** Latency of the HTTP stand-in, per request. */
  latencyMs: number;
  quotaScenarios: readonly QuotaScenario[];
}

/**
 * Reads the command line. Full run: 3 rounds over 350,000 rows, the 10× memory run, two quota scenarios
 * of 2.5 minutes' work. `--quick`: 1 round, no 10× run, quota scenarios of 1.5 minutes' work.
 */
export function readSettings(argv: readonly string[]): BenchSettings {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      runs: { type: 'string' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help === true) {
    process.stdout.write(
      'Usage: npm run bench [-- --quick] [-- --only overhead,quota,billing,entities,transcribe,xlsx] [-- --runs N] [-- --profile]\n',
    );
    process.exit(0);
  }
  const only = new Set<BenchmarkName>();
  for (const name of (values.only ?? benchmarkNames.join(',')).split(',')) {
    const trimmed = name.trim();
    if (!(benchmarkNames as readonly string[]).includes(trimmed)) {
      throw new Error(`--only takes ${benchmarkNames.join(', ')}; got "${trimmed}".`);
    }
    only.add(trimmed as BenchmarkName);
  }
  const quick = values.quick === true;
  const rounds = values.runs === undefined ? (quick ? 1 : 3) : Number(values.runs);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--runs takes a whole number ≥ 1; got "${values.runs}".`);
  const minutesOfWork = quick ? 1.5 : 2.5;
  return {
    quick,
    only,
    rounds,
    baseRows: 350_000,
    scaleFactor: quick ? 0 : 10,
    profile: values.profile === true,
    latencyMs: 150,
    quotaScenarios: [
      // The example: a quota close to one full Azure request (50,000 characters) a minute.
      { charactersPerMinute: 60_000, minutesOfWork },
      // A larger quota: twelve full requests a minute, so packing and pacing decide the request count.
      { charactersPerMinute: 600_000, minutesOfWork },
    ],
  };
}
