/**
 * Read the evidential record of a job: the manifest written beside every output, and the cost ledger.
 *
 * Shows: translateFile with a ledger (case reference and paying organisation), readManifest to load and
 * validate a manifest, checking the output file against the SHA-256 the manifest recorded, and reading
 * the ledger back with a total per case (what `toex cost report --by case` prints).
 *
 * Run (after `npm ci && npm run build`; APY is started on loopback unless APERTIUM_URL is set):
 *   cd examples && npx tsx manifest-and-ledger.ts
 */
import { join } from 'node:path';
import { readManifest, sha256File } from '@toex/core';
import { openFileLedger, summarise } from '@toex/costing';
import { createApertiumTranslator, translateFile } from '@toex/translate';
import { useApertium } from './support/apertium';
import { outputDirectory, sampleExport } from './support/paths';

const directory = outputDirectory('manifest-and-ledger');
// An append-only JSON-lines file; a line per charge, never edited (corrections are new lines).
const ledger = await openFileLedger(join(directory, 'costs.jsonl'));

// APERTIUM_URL, or APY started on 127.0.0.1 for this run (an example helper; your app passes its URL).
const apertium = await useApertium();
let manifestPath: string;
try {
  const result = await translateFile({
    input: sampleExport,
    output: join(directory, 'export.translated.csv'),
    provider: createApertiumTranslator({ baseUrl: apertium.url }),
    to: ['en'],
    from: 'es',
    cache: join(directory, '.toex-cache'),
    ledger: { ledger, organisation: 'force-a', caseReference: 'OP-EXAMPLE' },
  });
  manifestPath = result.manifestPath;
} finally {
  await apertium.stop();
}

// The manifest: read it as a reviewer would, from the file alone. readManifest validates it.
const manifest = await readManifest(manifestPath);
console.log(`Manifest ${manifestPath}`);
console.log(`  kind        ${manifest.kind} (machine output: ${manifest.machineOutput})`);
console.log(`  notice      ${manifest.notice}`);
console.log(`  input       ${manifest.input.path}  sha256 ${manifest.input.sha256}`);
console.log(`  output      ${manifest.output.path}  sha256 ${manifest.output.sha256}`);
console.log(
  `  provider    ${manifest.provider.id} ${manifest.provider.apiVersion} at ${manifest.provider.endpoint}`,
);
const engine = manifest.provider.engine;
if (engine !== undefined) {
  console.log(
    `  engine      ${engine.name} ${engine.version ?? ''} ${JSON.stringify(engine.components ?? {})}`,
  );
}
// What the job was asked to do: enough to run it again (targets, source, columns, glossary, memory, detector).
console.log(`  settings    ${JSON.stringify(manifest.settings ?? {})}`);
console.log(`  command     ${manifest.job.command ?? '(called from code: no command line)'}`);
console.log(`  counts      ${JSON.stringify(manifest.counts)}`);
console.log(
  `  cost        ${manifest.cost === null ? 'unknown' : `${manifest.cost.amount} ${manifest.cost.currency}`}`,
);
console.log(`  times       ${manifest.startedAt} → ${manifest.finishedAt}`);

// Anyone holding the output can check it is the file the manifest describes.
const digest = await sha256File(manifest.output.path);
const intact = digest.sha256 === manifest.output.sha256;
console.log(`  output hash ${intact ? 'matches' : 'DOES NOT MATCH'} the manifest`);
if (!intact) process.exitCode = 1;

// The ledger: one line per priced piece of usage, with the price, rate and catalogue version used.
const { entries } = await ledger.readAll();
for (const entry of entries) {
  console.log(
    `Ledger line: job ${entry.jobId}, case ${entry.caseReference}, ${entry.organisation}, ` +
      `${entry.provider}/${entry.service}/${entry.sku}, ${entry.quantity} ${entry.unit}(s), ` +
      `${entry.cost} ${entry.currency} (${entry.priceConfidence})`,
  );
}
for (const row of await summarise(entries, 'case')) {
  console.log(`Total for case ${row.key}: ${row.cost.format()} over ${row.entries} line(s)`);
}
