import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  type ContentStore,
  type FileDigest,
  type Manifest,
  neutraliseSpreadsheetFormula,
  openFileContentStore,
  sha256File,
  sha256Text,
  writeManifest,
} from '@toex/core';
import {
  type Budget,
  createBudget,
  defaultPriceCatalogue,
  ledgerEntriesFor,
  priceUsage,
} from '@toex/costing';
import {
  buildEntitiesManifest,
  CommunicationsNetwork,
  createEntityExtractor,
  ENTITIES_COLUMN,
  EntityIndex,
  estimateNamedEntityUnits,
  type Finding,
  findingsCell,
  KEYWORD_HITS_COLUMN,
  keywordHitsCell,
  loadWatchlist,
  type NamedEntityBilling,
  type NamedEntityProvider,
  type NetworkNode,
  resolveOverlaps,
  type StoredNamedEntities,
  storedNamedEntitiesSchema,
} from '@toex/entities';
import {
  type InputDocument,
  type OutputRow,
  type ReaderWarning,
  readInput,
  type SourceRow,
  writeCsv,
} from '@toex/translate';
import type { Command } from '../command';
import { type CliIo, ExitCode } from '../io';
import { type OpenedLedger, openLedger } from '../open-ledger';
import { UsageError } from '../usage-error';
import { type EntitiesArguments, entitiesUsage, parseEntitiesArguments } from './entities-arguments';
import {
  createNamedEntityProvider,
  failureCode,
  NamedEntityRun,
  priceNamedEntities,
  printEstimate,
} from './entities-ner';

// Header names of the sender, recipient and time columns in Cellebrite, AXIOM, XRY and chat exports.
const SENDER_COLUMN =
  /^(?:from|sender|sender name|sender id|sender phone number|author|from_id|party from)$/i;
const RECIPIENT_COLUMN = /^(?:to|recipient|recipients|recipient id|to_id|party to)$/i;
const TIME_COLUMN =
  /^(?:timestamp(?:: date)?|date|date\/time|time|sent|date_unixtime|message date\/time.*|.*date\/time - utc.*)$/i;

/** Named-entity requests in flight at once. */
const NER_CONCURRENCY = 4;
/** Most rows held at once waiting for their named entities. */
const MAX_ROWS_PER_GROUP = 512;
/** The row status column, as translate writes it. */
const STATUS_COLUMN = 'toex_status';

/** `toex entities`: identifiers, watchlist keywords and names in every row, in order, with a manifest. */
export const entitiesCommand: Command = {
  path: ['entities'],
  summary: 'find phones, accounts, wallets, places, watchlist words … in an export',
  usage: entitiesUsage,
  async run(argv, io, signal) {
    const args = parseEntitiesArguments(argv);
    // Opened first, so a ledger that cannot be written is found before anything is paid for.
    const ledger = args.ledger === undefined ? undefined : await openLedger(args.ledger, io.cwd);
    let store: ContentStore<StoredNamedEntities> | undefined;
    try {
      // Cloud answers are kept, so a rerun after a kill, a failure or a spent budget pays only for the rest.
      if ((args.ner === 'azure' || args.ner === 'aws') && args.cache !== false) {
        store = await openFileContentStore({
          path: join(resolve(io.cwd, args.cache), 'named-entities.jsonl'),
          schema: storedNamedEntitiesSchema,
        });
      }
      return await findEntities(argv, args, io, signal, ledger, store);
    } finally {
      await store?.close();
      await ledger?.close();
    }
  },
};

/** The body of `toex entities`, with its ledger (if any) open. */
async function findEntities(
  argv: string[],
  args: EntitiesArguments,
  io: CliIo,
  signal: AbortSignal,
  ledger: OpenedLedger | undefined,
  store: ContentStore<StoredNamedEntities> | undefined,
): Promise<ExitCode> {
  const startedAt = new Date();
  const inputPath = resolve(io.cwd, args.input);
  const watchlist =
    args.keywords === undefined ? undefined : await loadWatchlist(resolve(io.cwd, args.keywords));
  const extractor = createEntityExtractor({ region: args.region as 'GB', watchlist });
  const ner = createNamedEntityProvider(args.ner, io);
  const readerWarnings: ReaderWarning[] = [];
  const readOptions = {
    file: args.input,
    ...(args.columns.length === 0 ? {} : { columns: args.columns }),
    ...(args.encoding === undefined ? {} : { encoding: args.encoding }),
  };
  const jobId = randomUUID();

  // A cloud provider bills: count and price its requests before sending any, as translate does.
  const meter = ner?.meter;
  const priceEntry = meter === undefined ? undefined : defaultPriceCatalogue().find(meter.priceKey);
  let estimatedUnits: number | undefined;
  let budget: Budget | undefined;
  if (ner !== undefined && meter !== undefined) {
    estimatedUnits = 0;
    let cachedUnits = 0;
    const counting = await readInput(inputPath, { ...readOptions, onWarning: () => {} });
    if (!args.json) io.stderr.write(describeInput(args.input, counting));
    // Counted in the groups the job will send, so duplicates are counted as the requests will carry them.
    for await (const group of groupRows(counting.rows, ner, signal)) {
      const counted = await estimateNamedEntityUnits(
        ner,
        group.flatMap((source) => source.texts.map((text) => text.text)),
        store === undefined ? {} : { store },
      );
      estimatedUnits += counted.units;
      cachedUnits += counted.cachedUnits;
    }
    printEstimate(estimatedUnits, cachedUnits, meter.unit, priceEntry, args, io);
    if (args.estimate) return ExitCode.ok;
    if (args.budget !== undefined) {
      if (priceEntry === undefined) {
        throw new UsageError(
          `--budget needs a price for ${Object.values(meter.priceKey).join('/')}, and the price list has none.`,
        );
      }
      budget = await createBudget({
        currency: priceEntry.currency,
        job: { id: jobId, limit: args.budget },
      });
    }
  }
  const document = await readInput(inputPath, {
    ...readOptions,
    onWarning: (warning) => readerWarnings.push(warning),
  });
  if (!args.json && estimatedUnits === undefined) io.stderr.write(describeInput(args.input, document));

  const output = resolve(io.cwd, args.out ?? defaultOutputPath(args.input));
  const senderColumn = document.header.findIndex((name) => SENDER_COLUMN.test(name.trim()));
  const recipientColumn = document.header.findIndex((name) => RECIPIENT_COLUMN.test(name.trim()));
  const timeColumn = document.header.findIndex((name) => TIME_COLUMN.test(name.trim()));
  const index = args.index === undefined ? undefined : new EntityIndex();
  const partyExtractor = createEntityExtractor({
    region: args.region as 'GB',
    types: ['phone', 'email', 'handle'],
  });
  const network =
    args.network === undefined
      ? undefined
      : new CommunicationsNetwork({ partyOf: (cell) => partyOf(cell, partyExtractor) });
  const several = document.textColumns.columns.length > 1;
  const counts: Record<string, number> & {
    rows: number;
    texts: number;
    findings: number;
    keywordHits: number;
    rowsWithFindings: number;
    nerBilledUnits: number;
    failedRows: number;
  } = {
    rows: 0,
    texts: 0,
    findings: 0,
    keywordHits: 0,
    rowsWithFindings: 0,
    nerBilledUnits: 0,
    failedRows: 0,
    ...(estimatedUnits === undefined ? {} : { nerEstimatedUnits: estimatedUnits, nerCachedUnits: 0 }),
  };
  let characters = 0;
  let nerBilling: NamedEntityBilling | undefined;

  const run =
    ner === undefined
      ? undefined
      : new NamedEntityRun(ner, {
          signal,
          concurrency: NER_CONCURRENCY,
          ...(budget === undefined || priceEntry === undefined ? {} : { budget: { budget, priceEntry } }),
          ...(store === undefined ? {} : { store }),
          onFailure: (failure) => {
            if (!args.json) io.stderr.write(`named entities: ${failure.message}\n`);
          },
        });

  async function* rows(): AsyncGenerator<OutputRow> {
    for await (const group of groupRows(document.rows, ner, signal)) {
      const recognized = await run?.recognize(
        group.flatMap((source) => source.texts.map((text) => text.text)),
      );
      if (recognized !== undefined && counts.nerCachedUnits !== undefined) {
        counts.nerCachedUnits += recognized.cached.units;
      }
      if (recognized?.billing !== undefined) {
        counts.nerBilledUnits += recognized.billing.quantity;
        nerBilling = recognized.billing;
      }
      let offset = 0;
      for (const source of group) {
        const named = recognized?.documents.slice(offset, offset + source.texts.length);
        const failure = recognized?.errors
          ?.slice(offset, offset + source.texts.length)
          .find((error) => error);
        offset += source.texts.length;
        yield rowWithFindings(source, named, failure);
      }
    }
  }

  function rowWithFindings(source: SourceRow, named: Finding[][] | undefined, failure: unknown): OutputRow {
    const findings: Finding[] = [];
    source.texts.forEach((text, position) => {
      if (text.text === '') return;
      counts.texts++;
      characters += text.text.length;
      const found = extractor.extract(text.text);
      const keywords = found.filter((finding) => finding.type === 'keyword');
      const identifiers = found.filter((finding) => finding.type !== 'keyword');
      const merged = [...resolveOverlaps([...identifiers, ...(named?.[position] ?? [])]), ...keywords].sort(
        (a, b) => a.start - b.start || a.end - b.end,
      );
      for (const finding of merged) findings.push(several ? { ...finding, in: text.column } : finding);
    });
    counts.rows++;
    counts.findings += findings.length;
    counts.keywordHits += findings.filter((finding) => finding.type === 'keyword').length;
    if (findings.length > 0) counts.rowsWithFindings++;
    const seenAt = timeColumn < 0 ? undefined : source.cells[timeColumn];
    index?.add(source.index + 1, findings, seenAt);
    network?.addMessage({
      ...(senderColumn < 0 ? {} : { sender: source.cells[senderColumn] ?? '' }),
      ...(recipientColumn < 0 ? {} : { recipients: [source.cells[recipientColumn] ?? ''] }),
      findings,
      seenAt: seenAt === undefined || seenAt === '' ? `row ${source.index + 1}` : seenAt,
    });
    const added = [findingsCell(findings), keywordHitsCell(findings)];
    if (ner !== undefined) {
      if (failure !== undefined) counts.failedRows++;
      added.push(failure === undefined ? 'ok' : `failed:${failureCode(failure)}`);
    }
    return { source, added };
  }

  const written = await writeCsv(rows(), {
    destination: output,
    header: document.header,
    addedColumns: [ENTITIES_COLUMN, KEYWORD_HITS_COLUMN, ...(ner === undefined ? [] : [STATUS_COLUMN])],
    preamble: document.preamble,
    signal,
  });

  const additionalOutputs: Array<FileDigest & { path: string }> = [];
  if (index !== undefined && args.index !== undefined) {
    const path = resolve(io.cwd, args.index);
    const content = /\.json$/i.test(path) ? `${JSON.stringify(index.entries(), null, 2)}\n` : indexCsv(index);
    await writeFile(path, content, { mode: 0o600 });
    additionalOutputs.push({ path, ...digestOf(content) });
  }
  if (network !== undefined && args.network !== undefined) {
    const path = resolve(io.cwd, args.network);
    const content = /\.graphml$/i.test(path) ? network.toGraphml() : network.toI2Csv();
    await writeFile(path, content, { mode: 0o600 });
    additionalOutputs.push({ path, ...digestOf(content) });
  }

  const inputDigest = await sha256File(inputPath, { signal });
  const manifestPath = `${output}.manifest.json`;
  const manifest: Manifest = buildEntitiesManifest({
    jobId,
    command: ['toex', 'entities', ...argv].join(' '),
    input: { path: inputPath, ...inputDigest },
    output: { path: output, sha256: written.sha256!, bytes: written.bytes },
    additionalOutputs,
    ...(ner === undefined ? {} : { ner }),
    ...(nerBilling === undefined ? {} : { cost: priceNamedEntities(nerBilling, counts.nerBilledUnits) }),
    counts,
    characters,
    warnings: readerWarnings.slice(0, 50).map((warning) => ({
      code: warning.code,
      message: warning.message,
      row: warning.index + 1,
    })),
    startedAt,
    finishedAt: new Date(),
  });
  await writeManifest(manifestPath, manifest);
  if (ledger !== undefined && priceEntry !== undefined && counts.nerBilledUnits > 0) {
    // One line per job, written when it ends, with the units the provider's responses billed.
    const priced = priceUsage({
      entry: priceEntry,
      quantity: counts.nerBilledUnits,
      currency: priceEntry.currency,
    });
    await ledger.ledger.append(
      ledgerEntriesFor(priced, {
        jobId,
        organisation: args.organisation!,
        ...(args.caseReference === undefined ? {} : { caseReference: args.caseReference }),
        time: manifest.finishedAt,
        description: `named entities in ${basename(inputPath)} with ${ner!.providerId}`,
        quantitySource: 'client-count',
        clientQuantity: counts.nerBilledUnits,
      }),
    );
  }
  printSummary({ output, manifestPath, counts, written, additionalOutputs, readerWarnings }, args, io);
  if (run?.budgetExceeded) return ExitCode.budget;
  return counts.failedRows > 0 ? ExitCode.failedRows : ExitCode.ok;
}

/**
 * Rows in the groups a job sends together. With a named-entity provider a group's texts fill several
 * requests, sent NER_CONCURRENCY at a time (one row's texts rarely fill one request), and memory stays
 * bounded by a group; without one, rows go one by one.
 */
async function* groupRows(
  rows: AsyncIterable<SourceRow>,
  ner: NamedEntityProvider | undefined,
  signal: AbortSignal,
): AsyncGenerator<SourceRow[]> {
  const groupTexts = ner === undefined ? 1 : ner.limits.maxDocumentsPerRequest * NER_CONCURRENCY * 2;
  let group: SourceRow[] = [];
  let texts = 0;
  for await (const source of rows) {
    signal.throwIfAborted();
    group.push(source);
    texts += source.texts.length;
    if (texts >= groupTexts || group.length >= MAX_ROWS_PER_GROUP) {
      yield group;
      group = [];
      texts = 0;
    }
  }
  if (group.length > 0) yield group;
}

function defaultOutputPath(input: string): string {
  const extension = extname(input);
  return join(dirname(input), `${basename(input, extension)}.entities.csv`);
}

function describeInput(path: string, document: InputDocument): string {
  return (
    `${path}: ${document.format}, ${document.encoding.name} (${document.encoding.reason}); ${document.layout}\n` +
    `searching ${document.textColumns.reason}\n`
  );
}

/** A sender or recipient cell as a network node: its phone, email or handle, else the trimmed text. */
function partyOf(cell: string, extractor: ReturnType<typeof createEntityExtractor>): NetworkNode | undefined {
  const text = cell.replace(/[\u200e\u200f\u202a-\u202e]/g, '').trim();
  if (text === '') return undefined;
  const [identifier] = extractor.extract(text);
  return identifier === undefined
    ? { id: `party:${text.toLowerCase()}`, type: 'party', label: text }
    : {
        id: `${identifier.type}:${identifier.normalized}`,
        type: identifier.type,
        label: identifier.normalized,
      };
}

function indexCsv(index: EntityIndex): string {
  const cell = (text: string) => {
    const safe = neutraliseSpreadsheetFormula(text);
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [['type', 'value', 'count', 'rows', 'first_seen', 'last_seen']];
  for (const entry of index.entries()) {
    lines.push([
      entry.type,
      entry.normalized,
      String(entry.count),
      entry.rows.join(' '),
      entry.firstSeen,
      entry.lastSeen,
    ]);
  }
  return `\uFEFF${lines.map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}

function digestOf(content: string): FileDigest {
  return { sha256: sha256Text(content), bytes: Buffer.byteLength(content) };
}

function printSummary(
  result: {
    output: string;
    manifestPath: string;
    counts: Record<string, number>;
    written: { rows: number; neutralisedCells: number };
    additionalOutputs: ReadonlyArray<{ path: string }>;
    readerWarnings: readonly ReaderWarning[];
  },
  args: EntitiesArguments,
  io: CliIo,
): void {
  if (args.json) {
    io.stdout.write(
      `${JSON.stringify({
        event: 'summary',
        output: result.output,
        manifest: result.manifestPath,
        additionalOutputs: result.additionalOutputs.map((file) => file.path),
        ...result.counts,
        neutralisedCells: result.written.neutralisedCells,
        readerWarnings: result.readerWarnings.length,
      })}\n`,
    );
    return;
  }
  const { counts } = result;
  const lines = [
    `Wrote ${result.output}`,
    `  manifest   ${result.manifestPath}`,
    ...result.additionalOutputs.map((file) => `  also       ${file.path}`),
    `  rows       ${counts.rows!.toLocaleString('en-GB')} (${counts.rowsWithFindings!.toLocaleString('en-GB')} with findings)`,
    `  findings   ${counts.findings!.toLocaleString('en-GB')}, of which ${counts.keywordHits!.toLocaleString('en-GB')} watchlist hits`,
  ];
  if (counts.nerEstimatedUnits !== undefined) {
    const cached = counts.nerCachedUnits ?? 0;
    lines.push(
      `  billed     ${counts.nerBilledUnits!.toLocaleString('en-GB')} named-entity units${cached > 0 ? `; ${cached.toLocaleString('en-GB')} more answered from the cache, not billed again` : ''}`,
    );
  }
  if (counts.failedRows! > 0) {
    lines.push(
      `  failed     ${counts.failedRows!.toLocaleString('en-GB')} row(s) without named entities (toex_status failed:…), identifiers kept`,
    );
  }
  if (result.readerWarnings.length > 0) {
    lines.push(`  warnings   ${result.readerWarnings.length} malformed row(s) kept; see the manifest`);
  }
  lines.push('Machine-extracted: check findings before relying on them as evidence.');
  io.stderr.write(`${lines.join('\n')}\n`);
}
