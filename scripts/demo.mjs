#!/usr/bin/env node
// The README's first command: a real, offline translation of a bundled Spanish phone export.
// Installs Apertium if needed (root or passwordless sudo; otherwise prints the command), builds the
// packages if needed, starts APY on loopback only, runs `toex translate`, prints the output, the
// manifest summary and the cost, and stops APY.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoSample, demoTranslateArguments } from './demo-job.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const outputDirectory = join(root, 'demo-output');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

function step(text) {
  process.stdout.write(`\n▶ ${text}\n`);
}

step(
  'Checking the offline engines (Apertium APY with Spanish→English; ffmpeg, PocketSphinx and flite; redis-server and PostgreSQL for the shared-service tests)',
);
if (
  run('bash', [join(root, 'scripts/apertium/ensure-apertium.sh')]) !== 0 ||
  run('bash', [join(root, 'scripts/transcribe/ensure-engines.sh')]) !== 0 ||
  run('bash', [join(root, 'scripts/service/ensure-servers.sh')]) !== 0
) {
  process.stderr.write(
    '\nThe demo needs the offline engines. Run the command above, then `npm run demo` again.\n',
  );
  process.exit(1);
}

step('Building the packages');
const cliBuild = join(root, 'packages/cli/dist/bin.js');
const newestSource = ['core', 'costing', 'translate', 'entities', 'transcribe', 'service', 'cli']
  .map((name) => newestModification(join(root, 'packages', name, 'src')))
  .reduce((a, b) => Math.max(a, b), 0);
if (!existsSync(cliBuild) || statSync(cliBuild).mtimeMs < newestSource) {
  if (run('npm', ['run', 'build', '--silent']) !== 0) process.exit(1);
} else {
  process.stdout.write('up to date\n');
}

step('Starting Apertium APY on 127.0.0.1 (loopback only)');
const { startApy } = await import('./apertium/apy-server.mjs');
const apy = await startApy({ pairs: ['spa-eng'] });
process.stdout.write(`APY ${apy.version} at ${apy.url}\n`);

let exitCode = 1;
try {
  rmSync(outputDirectory, { recursive: true, force: true });
  mkdirSync(outputDirectory, { recursive: true });
  const input = join(outputDirectory, 'sample-phone-export-es.csv');
  copyFileSync(demoSample, input);
  const output = join(outputDirectory, 'sample-phone-export-es.translated.csv');

  const args = demoTranslateArguments({ input, output, cache: join(outputDirectory, '.toex-cache') });
  step(`toex ${args.map((arg) => (arg.startsWith(root) ? relative(root, arg) : arg)).join(' ')}`);
  exitCode = run(process.execPath, [cliBuild, ...args], { env: { ...process.env, APERTIUM_URL: apy.url } });

  if (existsSync(output)) {
    step('First rows of the output (original columns, then Message Body_en, Message Body_lang, toex_status)');
    const lines = readFileSync(output, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    process.stdout.write(`${lines.slice(0, 12).join('\n')}\n…\n`);
    const manifest = JSON.parse(readFileSync(`${output}.manifest.json`, 'utf8'));
    step('Manifest (the evidential record beside the output)');
    process.stdout.write(
      `${[
        `  input        ${manifest.input.path}  sha256 ${manifest.input.sha256}`,
        `  output       ${manifest.output.path}  sha256 ${manifest.output.sha256}`,
        `  provider     ${manifest.provider.id} ${manifest.provider.apiVersion} at ${manifest.provider.endpoint}`,
        `  engine       ${manifest.provider.engine?.name ?? 'unknown'} ${manifest.provider.engine?.version ?? ''} ${Object.entries(
          manifest.provider.engine?.components ?? {},
        )
          .map(([name, version]) => `${name} ${version}`)
          .join(', ')}`,
        `  asked        ${manifest.settings.from ?? 'source detected'} → ${manifest.settings.to.join(', ')}; columns ${manifest.settings.input.columns.join(', ')}; languages found ${JSON.stringify(manifest.settings.sourceLanguages)}`,
        `  glossary     ${manifest.settings.glossary === null ? 'none' : `${manifest.settings.glossary.terms} terms, sha256 ${manifest.settings.glossary.sha256}`}`,
        `  command      ${manifest.job.command ?? '(not recorded)'}`,
        `  rows         ${manifest.counts.rows} (${manifest.counts.skipped} skipped, ${manifest.counts.failed} failed); ${manifest.counts.uniqueSegments} distinct segments of ${manifest.counts.segments}`,
        `  cost         ${manifest.cost === null ? 'unknown' : `${manifest.cost.amount} ${manifest.cost.currency}`} (self-hosted engine: no per-character charge)`,
        `  notice       ${manifest.notice}`,
      ].join('\n')}\n`,
    );
  }

  if (existsSync(output)) {
    const entitiesOutput = join(outputDirectory, 'sample-phone-export-es.entities.csv');
    step(`toex entities ${relative(root, output)} (identifiers, in the original and the translation)`);
    const entitiesCode = run(process.execPath, [
      cliBuild,
      'entities',
      output,
      '--out',
      entitiesOutput,
      '--network',
      join(outputDirectory, 'network.graphml'),
    ]);
    exitCode ||= entitiesCode;
    if (existsSync(entitiesOutput)) {
      const withFindings = readFileSync(entitiesOutput, 'utf8')
        .split('\r\n')
        .filter((line) => line.includes('""type""'))
        .slice(0, 3);
      process.stdout.write(`${withFindings.join('\n')}\n…\n`);
    }
  }

  const voiceNote = join(root, 'examples', 'sample-voice-note-en.ogg');
  const transcripts = join(outputDirectory, 'transcripts');
  step(`toex transcribe ${relative(root, voiceNote)} (offline, PocketSphinx)`);
  const transcribeCode = run(process.execPath, [
    cliBuild,
    'transcribe',
    voiceNote,
    '--out',
    transcripts,
    '--cache',
    join(outputDirectory, '.toex-cache'),
  ]);
  exitCode ||= transcribeCode;
  const transcript = join(transcripts, 'sample-voice-note-en.txt');
  if (existsSync(transcript)) process.stdout.write(readFileSync(transcript, 'utf8'));
} finally {
  await apy.stop();
  process.stdout.write('\nAPY stopped.\n');
}
process.exit(exitCode);

function newestModification(directory) {
  let newest = 0;
  for (const entry of readdirRecursive(directory)) newest = Math.max(newest, statSync(entry).mtimeMs);
  return newest;
}

function* readdirRecursive(directory) {
  for (const entry of readdirSyncSafe(directory)) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* readdirRecursive(path);
    else yield path;
  }
}

function readdirSyncSafe(directory) {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
}
