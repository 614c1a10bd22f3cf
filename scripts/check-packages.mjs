#!/usr/bin/env node
// Lints every built package the way a consumer would meet it: publint (package.json, exports, files)
// and @arethetypeswrong/cli (types resolve for ESM and CJS importers). Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
let failed = 0;
for (const directory of root.workspaces) {
  const name = JSON.parse(
    readFileSync(new URL(`../${directory}/package.json`, import.meta.url), 'utf8'),
  ).name;
  for (const [tool, args] of [
    ['publint', ['publint', directory, '--strict']],
    // node16 CJS importers are supported through the `require` condition; bundlers through `import`.
    ['attw', ['attw', '--pack', directory, '--profile', 'node16', '--format', 'table-flipped']],
  ]) {
    const result = spawnSync('npx', ['--no-install', ...args], { encoding: 'utf8' });
    const output = `${result.stdout}${result.stderr}`
      .split('\n')
      .filter((line) => !line.includes('nodedir'))
      .join('\n');
    if (result.status !== 0) {
      failed += 1;
      process.stdout.write(`✗ ${tool} ${name}\n${output}\n`);
    } else {
      process.stdout.write(`✓ ${tool} ${name}\n`);
    }
  }
}
if (failed > 0) {
  process.stdout.write(`${failed} package check(s) failed.\n`);
  process.exit(1);
}
