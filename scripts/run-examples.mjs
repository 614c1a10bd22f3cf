#!/usr/bin/env node
// Runs every program in examples/ the way a developer would (tsx, against the built packages), checks
// each exits 0 and left what it should, prints one line per example and exits 1 on any failure.
//
//   npm run build && npm run examples            all of them
//   npm run examples -- glossary translate-texts  only these
//
// Offline by design: cloud keys are removed from the examples' environment, so an example that needs
// one must say so and exit 0 (that is checked too). The Apertium examples use APERTIUM_URL when set;
// otherwise APY is started once on 127.0.0.1 for the whole run and stopped at the end.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDirectory = join(root, 'examples');
const outputRoot = join(examplesDirectory, 'output');
const timeoutMs = 120_000;

/** Environment variables that would let an example reach a cloud provider; never passed on. */
const cloudVariables = [
  'AZURE_TRANSLATOR_KEY',
  'AZURE_TRANSLATOR_REGION',
  'AZURE_TRANSLATOR_ENDPOINT',
  'AZURE_TRANSLATOR_RESOURCE_ID',
  'DEEPL_API_KEY',
];

/**
 * Every example and what it must leave behind. `check` returns a problem, or undefined when all is well.
 * An example file missing from this table fails the run, so a new one cannot be forgotten.
 * @type {Record<string, { apertium: boolean, check: (stdout: string) => string | undefined }>}
 */
const examples = {
  'translate-file-offline': {
    apertium: true,
    check: () => checkTranslatedFile('translate-file-offline', 'export.translated.csv'),
  },
  'translate-texts': {
    apertium: true,
    check: (stdout) => expectText(stdout, ['skipped:no-letters', 'ok ']),
  },
  glossary: {
    apertium: true,
    check: (stdout) => expectText(stdout, ['glossary file:    You have spoken with your cousin?']),
  },
  'estimate-cost': {
    apertium: false,
    check: (stdout) =>
      /^azure .* USD \(.* GBP\)$/m.test(stdout) && /^deepl .* EUR \(.* GBP\)$/m.test(stdout)
        ? undefined
        : 'expected an Azure estimate in USD and a DeepL estimate in EUR, each also in GBP',
  },
  'budget-stops-a-job': {
    apertium: false,
    check: (stdout) =>
      checkTranslatedFile('budget-stops-a-job', 'export.translated.csv', { failedAllowed: true }) ??
      expectText(stdout, ['Stopped:', ' ok, ', 'failed:budget_exceeded']),
  },
  'budget-paid-run': {
    apertium: false,
    check: (stdout) => expectText(stdout, ['needs a cloud key', 'Skipped.']),
  },
  'manifest-and-ledger': {
    apertium: true,
    check: (stdout) =>
      checkTranslatedFile('manifest-and-ledger', 'export.translated.csv') ??
      (existsSync(join(outputRoot, 'manifest-and-ledger', 'costs.jsonl')) ? undefined : 'no ledger file') ??
      expectText(stdout, ['output hash matches the manifest', 'Total for case OP-EXAMPLE']),
  },
  'custom-provider': {
    apertium: false,
    check: (stdout) =>
      checkTranslatedFile('custom-provider', 'export.dictionary.csv') ??
      expectText(stdout, ['"id":"dictionary"', 'cost 0.']),
  },
};

/** @param {string} stdout @param {string[]} needles */
function expectText(stdout, needles) {
  const missing = needles.filter((needle) => !stdout.includes(needle));
  return missing.length === 0
    ? undefined
    : `output lacks ${missing.map((text) => JSON.stringify(text)).join(', ')}`;
}

/** The output file and its manifest exist, and the manifest accounts for every row (with none failed). */
function checkTranslatedFile(example, fileName, { failedAllowed = false } = {}) {
  const output = join(outputRoot, example, fileName);
  if (!existsSync(output)) return `no output file ${fileName}`;
  const manifestPath = `${output}.manifest.json`;
  if (!existsSync(manifestPath)) return `no manifest beside ${fileName}`;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.counts?.rows !== 25)
    return `manifest counts ${manifest.counts?.rows} rows, expected the sample's 25`;
  if (!failedAllowed && manifest.counts?.failed !== 0)
    return `manifest counts ${manifest.counts?.failed} failed rows`;
  return undefined;
}

/** Runs a command, collecting its output; resolves with its exit code (null after a timeout). */
function run(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function seconds(startedAt) {
  return `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
}

function indent(text) {
  return text
    .trimEnd()
    .split('\n')
    .slice(-20)
    .map((line) => `    ${line}`)
    .join('\n');
}

async function main() {
  const requested = process.argv.slice(2);
  const files = readdirSync(examplesDirectory)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.slice(0, -'.ts'.length))
    .sort();
  const unlisted = files.filter((name) => !(name in examples));
  if (unlisted.length > 0) {
    process.stderr.write(
      `examples/${unlisted.join('.ts, examples/')}.ts not listed in scripts/run-examples.mjs: add each with its check.\n`,
    );
    return 1;
  }
  // Each example opens with a comment saying what it shows and how to run it.
  const undocumented = files.filter((name) => {
    const text = readFileSync(join(examplesDirectory, `${name}.ts`), 'utf8');
    return !(text.startsWith('/**') && text.includes(`npx tsx ${name}.ts`));
  });
  if (undocumented.length > 0) {
    process.stderr.write(
      `examples/${undocumented.join('.ts, examples/')}.ts must open with a comment saying what it shows and "npx tsx <file>".\n`,
    );
    return 1;
  }
  const unknown = requested.filter((name) => !files.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`No example named ${unknown.join(', ')}. Examples: ${files.join(', ')}.\n`);
    return 2;
  }
  const selected = requested.length > 0 ? requested : files;

  for (const name of ['core', 'costing', 'translate']) {
    if (!existsSync(join(root, 'packages', name, 'dist', 'index.js'))) {
      process.stderr.write(
        `@toex/${name} is not built; the examples import the built packages. Run: npm run build\n`,
      );
      return 1;
    }
  }

  // Type-check the examples against the built declarations, as a developer's editor would.
  let startedAt = performance.now();
  const typecheck = await run(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(examplesDirectory, 'tsconfig.json')],
    { cwd: root },
  );
  if (typecheck.code !== 0) {
    process.stdout.write(
      `FAIL typecheck (${seconds(startedAt)})\n${indent(typecheck.stdout + typecheck.stderr)}\n`,
    );
    return 1;
  }
  process.stdout.write(`ok   typecheck (${seconds(startedAt)})\n`);

  const environment = { ...process.env };
  for (const variable of cloudVariables) delete environment[variable];

  let apy;
  if (selected.some((name) => examples[name].apertium) && !environment.APERTIUM_URL) {
    const { startApy } = await import('./apertium/apy-server.mjs');
    startedAt = performance.now();
    apy = await startApy({ pairs: ['spa-eng'] });
    environment.APERTIUM_URL = apy.url;
    process.stdout.write(`ok   started Apertium APY at ${apy.url} (${seconds(startedAt)})\n`);
  }

  let failures = 0;
  try {
    for (const name of selected) {
      startedAt = performance.now();
      // From examples/, so tsx reads examples/tsconfig.json and @toex/* resolve to the built packages.
      const result = await run(process.execPath, ['--import', 'tsx', `${name}.ts`], {
        cwd: examplesDirectory,
        env: environment,
      });
      const problem =
        result.code === null
          ? `timed out after ${timeoutMs / 1000} s`
          : result.code !== 0
            ? `exit code ${result.code}`
            : examples[name].check(result.stdout);
      if (problem === undefined) {
        process.stdout.write(`ok   ${name} (${seconds(startedAt)})\n`);
      } else {
        failures += 1;
        process.stdout.write(
          `FAIL ${name} (${seconds(startedAt)}): ${problem}\n${indent(result.stdout + result.stderr)}\n`,
        );
      }
    }
  } finally {
    await apy?.stop();
  }
  process.stdout.write(
    failures === 0
      ? `All ${selected.length} examples passed.\n`
      : `${failures} of ${selected.length} examples failed.\n`,
  );
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
