import { randomUUID } from 'node:crypto';
import { chmod } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { type Manifest, openFileContentStore, sha256File, writeManifest } from '@toex/core';
import {
  buildEntitiesManifest,
  createEntityExtractor,
  createStorePseudonymiser,
  type Finding,
  loadWatchlist,
  type PseudonymStoreValue,
  redactText,
} from '@toex/entities';
import { type OutputRow, type ReaderWarning, readInput, writeCsv } from '@toex/translate';
import type { Command } from '../command';
import { ExitCode } from '../io';
import { parseRedactArguments, redactUsage } from './redact-arguments';

/** `toex redact`: a disclosure copy with consistent pseudonyms per case; the mapping kept apart. */
export const redactCommand: Command = {
  path: ['redact'],
  summary: 'a disclosure copy with identifiers replaced by consistent pseudonyms per case',
  usage: redactUsage,
  async run(argv, io, signal) {
    const args = parseRedactArguments(argv);
    const startedAt = new Date();
    const inputPath = resolve(io.cwd, args.input);
    const output = resolve(io.cwd, args.out);
    const caseRef = args.caseRef ?? basename(output, extname(output));
    const mappingPath =
      args.mapping === undefined
        ? join(dirname(output), '.toex-redaction', `${caseRef}.jsonl`)
        : resolve(io.cwd, args.mapping);
    const watchlist =
      args.keywords === undefined ? undefined : await loadWatchlist(resolve(io.cwd, args.keywords));
    const extractor = createEntityExtractor({
      region: args.region as 'GB',
      watchlist,
      ...(args.types === undefined ? {} : { types: args.types }),
    });
    const readerWarnings: ReaderWarning[] = [];
    const document = await readInput(inputPath, {
      file: args.input,
      ...(args.columns.length === 0 ? {} : { columns: args.columns }),
      ...(args.encoding === undefined ? {} : { encoding: args.encoding }),
      onWarning: (warning) => readerWarnings.push(warning),
    });
    if (!args.json) {
      io.stderr.write(
        `${args.input}: ${document.format}, ${document.encoding.name} (${document.encoding.reason}); ${document.layout}\nredacting ${document.textColumns.reason}\n`,
      );
    }

    const store = await openFileContentStore<PseudonymStoreValue>({ path: mappingPath, fsync: 'batch' });
    // openFileContentStore creates files 0600; an existing file is tightened too.
    await chmod(mappingPath, 0o600);
    const counts = { rows: 0, texts: 0, replaced: 0, rowsRedacted: 0, newPseudonyms: 0 };
    let characters = 0;
    try {
      const names = await createStorePseudonymiser(store);
      const textColumns = document.textColumns.columns.map((column) => column.index);

      async function* rows(): AsyncGenerator<OutputRow> {
        for await (const source of document.rows) {
          signal.throwIfAborted();
          const cells = [...source.cells];
          let replacedInRow = 0;
          for (const position of textColumns) {
            // Findings are made on the cell exactly as read, so offsets and the copy match byte for byte.
            const cell = cells[position];
            if (cell === undefined || cell === '') continue;
            counts.texts++;
            characters += cell.length;
            const findings: Finding[] = extractor.extract(cell);
            if (findings.length === 0) continue;
            await names.assign(findings);
            const redacted = redactText(cell, findings, names);
            cells[position] = redacted.text;
            replacedInRow += redacted.replacements.length;
          }
          counts.rows++;
          counts.replaced += replacedInRow;
          if (replacedInRow > 0) counts.rowsRedacted++;
          // JSONL records would still hold the original values; the copy is written from the cells only.
          const { record: _record, ...rest } = source;
          yield { source: { ...rest, cells, texts: [] }, added: [] };
        }
      }

      const written = await writeCsv(rows(), {
        destination: output,
        header: document.header,
        addedColumns: [],
        preamble: document.preamble,
        signal,
      });
      counts.newPseudonyms = names.created;

      const inputDigest = await sha256File(inputPath, { signal });
      const manifestPath = `${output}.manifest.json`;
      const base = buildEntitiesManifest({
        jobId: randomUUID(),
        command: ['toex', 'redact', ...argv].join(' '),
        input: { path: inputPath, ...inputDigest },
        output: { path: output, sha256: written.sha256!, bytes: written.bytes },
        counts,
        characters,
        // Codes and rows only: a reader's message may quote a cell, and the manifest is disclosed.
        warnings: readerWarnings.slice(0, 50).map((warning) => ({
          code: warning.code,
          message: 'malformed row kept as read',
          row: warning.index + 1,
        })),
        startedAt,
        finishedAt: new Date(),
      });
      const manifest: Manifest = {
        ...base,
        notice: `Redacted copy for disclosure, case ${caseRef}: machine-found identifiers${watchlist === undefined ? '' : ' and watchlist hits'} in the text columns are replaced by pseudonyms. Names and identifiers the recognizers missed are not redacted: review before disclosure.`,
      };
      await writeManifest(manifestPath, manifest);
      if (args.json) {
        io.stdout.write(
          `${JSON.stringify({ event: 'summary', output, manifest: manifestPath, mapping: mappingPath, case: caseRef, ...counts })}\n`,
        );
      } else {
        io.stderr.write(
          `${[
            `Wrote ${output}`,
            `  manifest   ${manifestPath}`,
            `  mapping    ${mappingPath} (case ${caseRef}; owner-only; keep it apart from the copy)`,
            `  rows       ${counts.rows.toLocaleString('en-GB')} (${counts.rowsRedacted.toLocaleString('en-GB')} redacted)`,
            `  replaced   ${counts.replaced.toLocaleString('en-GB')} finding(s); ${counts.newPseudonyms.toLocaleString('en-GB')} new pseudonym(s)`,
            'Machine redaction: check the copy before disclosure.',
          ].join('\n')}\n`,
        );
      }
      return ExitCode.ok;
    } finally {
      await store.close();
    }
  },
};
