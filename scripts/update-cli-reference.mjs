#!/usr/bin/env node
// Rewrites the help blocks of docs/cli.md from the built `toex` command, so the reference shows exactly
// what `toex <command> --help` prints. packages/cli/src/cli-reference.test.ts fails when they differ.
//
//   npm run build && npm run docs:cli
//
// A block is the fenced text between `<!-- toex <command> --help -->` and `<!-- end help -->`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reference = join(root, 'docs', 'cli.md');
const bin = join(root, 'packages', 'cli', 'dist', 'bin.js');

if (!existsSync(bin)) {
  process.stderr.write('The CLI is not built. Run: npm run build\n');
  process.exit(1);
}

const blocks = /<!-- toex ([a-z ]+) --help -->\n```text\n[\s\S]*?```\n<!-- end help -->/g;
let updated = 0;
const text = readFileSync(reference, 'utf8').replace(blocks, (_block, command) => {
  const result = spawnSync(process.execPath, [bin, ...command.split(' '), '--help'], { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`toex ${command} --help exited ${result.status}: ${result.stderr}`);
  updated += 1;
  return `<!-- toex ${command} --help -->\n\`\`\`text\n${result.stdout.trimEnd()}\n\`\`\`\n<!-- end help -->`;
});
writeFileSync(reference, text);
process.stdout.write(`Updated ${updated} help block(s) in docs/cli.md.\n`);
