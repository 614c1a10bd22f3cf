/**
 * The entities benchmark: every pattern recognizer over the generated export's message bodies (as
 * written, and with an identifier added to every tenth message), and a 10,000-term watchlist matched by
 * toex's Aho-Corasick watchlist against one alternation regex of the same terms. Single-threaded, in
 * this process: figures are for one core, per wall-clock and per CPU second, beside a one-pass baseline;
 * each row but the slow regex is the fastest of three passes.
 */
import { readFile } from 'node:fs/promises';
import { compileWatchlist, createEntityExtractor, type WatchlistEntry } from '@toex/entities';
import { parse } from 'csv-parse/sync';
import { ensureExport } from '../data/ensure-export';
import { SeededRandom } from '../data/seeded-random';
import { bodyColumn } from '../data/write-export';

/** One measured run. */
export interface EntitiesMeasurement {
  name: string;
  texts: number;
  /** UTF-8 megabytes (10^6 bytes) of text searched. */
  megabytes: number;
  /** Wall-clock seconds. */
  seconds: number;
  /**
   * CPU seconds of this (single-threaded) process over the same run: the work done on one core. On a
   * busy machine wall-clock time also counts the time other processes held the core; this does not.
   */
  cpuSeconds: number;
  findings: number;
}

/** What the benchmark measured. */
export interface EntitiesResults {
  rows: number;
  characters: number;
  /**
   * One `charCodeAt` pass over every message, the least any matcher must do: a yardstick measured in the
   * same run, so figures can be read against this machine's speed at the time.
   */
  baseline: EntitiesMeasurement;
  recognizers: EntitiesMeasurement[];
  watchlist: EntitiesMeasurement[];
  watchlistTerms: number;
}

// Identifiers appended to every tenth message of the dense variant: one of each common kind.
const IDENTIFIERS = [
  'llámame al 07911 123456',
  'mi número +44 7700 900123',
  'paga a GB29 NWBK 6016 1331 9268 19',
  'escribe a juan.perez@example.com',
  'mira https://tienda-ejemplo.co.uk/pago?id=77',
  'envía btc a 1PVTQb9jvB1SmvFZhmTq16UpNhieWByx1z',
  'en SW1A 1AA a las 14:05',
  'coche AB51 ABC',
  'son £250 o 300 quid',
  'sigue a @dealer_uk #madrid',
  'IMEI 490154203237518',
  'pedido #55667788 del 12/03/2023',
];

function megabytes(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
}

/**
 * Runs `work` `repetitions` times and keeps the fastest (by CPU seconds): on a shared machine a pass can
 * be slowed by whatever shared the core or its caches at the time, never sped up.
 */
function time<T>(work: () => T, repetitions = 1): { seconds: number; cpuSeconds: number; value: T } {
  let best: { seconds: number; cpuSeconds: number; value: T } | undefined;
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const value = work();
    const cpu = process.cpuUsage(cpuStarted);
    const run = {
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      value,
    };
    if (best === undefined || run.cpuSeconds < best.cpuSeconds) best = run;
  }
  return best!;
}

/** Passes per measured row; the fastest is reported. */
const REPETITIONS = 3;

/** A seeded pseudo-word watchlist of `count` terms, some multi-word, some accented. */
function watchlistTerms(count: number): WatchlistEntry[] {
  const random = new SeededRandom(7);
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ran',
    'te',
    'su',
    'bo',
    'ne',
    'xo',
    'pé',
    'dri',
    'gu',
    'ña',
    'vel',
    'tor',
    'zi',
  ];
  const seen = new Set<string>();
  const entries: WatchlistEntry[] = [];
  while (entries.length < count) {
    const word = () => Array.from({ length: random.integer(2, 4) }, () => random.pick(syllables)).join('');
    const term = random.next() < 0.2 ? `${word()} ${word()}` : word();
    if (seen.has(term)) continue;
    seen.add(term);
    entries.push({ term, category: random.pick(['drugs', 'weapons', 'money', 'places']) });
  }
  return entries;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs the benchmark over the export of `rows` rows. */
export async function runEntities(options: {
  rows: number;
  log: (line: string) => void;
}): Promise<EntitiesResults> {
  const exported = await ensureExport(options.rows);
  options.log(`entities: reading ${exported.path}`);
  const records = parse((await readFile(exported.path, 'utf8')).replace(/^\uFEFF/, ''), {
    columns: true,
    relax_column_count: true,
  }) as Array<Record<string, string>>;
  const bodies = records.map((record) => record[bodyColumn] ?? '');
  const random = new SeededRandom(11);
  const dense = bodies.map((body, index) =>
    index % 10 === 0 ? `${body} ${random.pick(IDENTIFIERS)}` : body,
  );
  const characters = bodies.reduce((sum, body) => sum + body.length, 0);

  const scan = () => {
    let sum = 0;
    for (const body of bodies)
      for (let index = 0; index < body.length; index++) sum += body.charCodeAt(index);
    return sum;
  };
  scan();
  options.log('entities: baseline, one charCodeAt pass');
  const scanned = time(scan, REPETITIONS);
  const baseline: EntitiesMeasurement = {
    name: 'baseline: one charCodeAt pass over every message',
    texts: bodies.length,
    megabytes: megabytes(bodies),
    seconds: scanned.seconds,
    cpuSeconds: scanned.cpuSeconds,
    findings: 0,
  };

  const recognizers: EntitiesMeasurement[] = [];
  for (const [name, texts] of [
    ['all recognizers, export as generated', bodies],
    ['all recognizers, identifier in every 10th message', dense],
  ] as const) {
    const extractor = createEntityExtractor();
    // One warm-up pass over a slice, so the measured pass is not the JIT's first look at the code.
    for (const text of texts.slice(0, 20_000)) extractor.extract(text);
    options.log(`entities: ${name}`);
    const run = time(() => texts.reduce((sum, text) => sum + extractor.extract(text).length, 0), REPETITIONS);
    recognizers.push({
      name,
      texts: texts.length,
      megabytes: megabytes(texts),
      seconds: run.seconds,
      cpuSeconds: run.cpuSeconds,
      findings: run.value,
    });
  }

  const entries = watchlistTerms(10_000);
  // Plant some terms so both matchers have hits to report.
  const planted = bodies.map((body, index) =>
    index % 25 === 0 ? `${body} ${entries[index % entries.length]!.term}` : body,
  );
  const watchlist: EntitiesMeasurement[] = [];
  options.log('entities: compiling the 10,000-term watchlist');
  const compiled = time(() => compileWatchlist(entries));
  watchlist.push({
    name: 'compile Aho-Corasick (10,000 terms)',
    texts: 0,
    megabytes: 0,
    seconds: compiled.seconds,
    cpuSeconds: compiled.cpuSeconds,
    findings: 0,
  });
  for (const text of planted.slice(0, 20_000)) compiled.value.search(text);
  options.log('entities: watchlist, Aho-Corasick');
  const automaton = time(
    () => planted.reduce((sum, text) => sum + compiled.value.search(text).length, 0),
    REPETITIONS,
  );
  watchlist.push({
    name: 'toex watchlist (Aho-Corasick, normalised, word boundaries)',
    texts: planted.length,
    megabytes: megabytes(planted),
    seconds: automaton.seconds,
    cpuSeconds: automaton.cpuSeconds,
    findings: automaton.value,
  });
  const alternation = new RegExp(
    `(?<![\\p{L}\\p{N}_])(?:${entries
      .map((entry) => escapeRegex(entry.term))
      .sort((a, b) => b.length - a.length)
      .join('|')})(?![\\p{L}\\p{N}_])`,
    'giu',
  );
  // The regex is so slow (about 0.03 MB/s here) that the whole export would take hours: it runs over the
  // first 500 messages, and MB/s is comparable because both matchers see the same kind of text.
  const sample = planted.slice(0, 500);
  for (const text of sample.slice(0, 20)) text.match(alternation);
  options.log('entities: watchlist, one alternation regex (first 500 messages)');
  const regex = time(() => sample.reduce((sum, text) => sum + (text.match(alternation)?.length ?? 0), 0));
  watchlist.push({
    name: 'one alternation regex of the same terms (case-insensitive, Unicode; 500 messages)',
    texts: sample.length,
    megabytes: megabytes(sample),
    seconds: regex.seconds,
    cpuSeconds: regex.cpuSeconds,
    findings: regex.value,
  });
  return {
    rows: bodies.length,
    characters,
    baseline,
    recognizers,
    watchlist,
    watchlistTerms: entries.length,
  };
}
