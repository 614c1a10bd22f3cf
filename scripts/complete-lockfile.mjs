#!/usr/bin/env node
// The registry this project's machines reach does not serve every platform build of some packages
// (e.g. @biomejs/cli-darwin-arm64). npm then leaves those optional dependencies out of
// package-lock.json, and `npm ci` refuses the lockfile as out of sync. This adds a lock entry for each
// missing optional platform package, with the os/cpu/libc it targets, so `npm ci` accepts the lockfile
// and skips them on this platform, as it would anyway. Run after `npm install` changes the lockfile.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const platforms = [
  [/android/, { os: ['android'] }],
  [/darwin/, { os: ['darwin'] }],
  [/win32/, { os: ['win32'] }],
  [/freebsd/, { os: ['freebsd'] }],
  [/openbsd/, { os: ['openbsd'] }],
  [/netbsd/, { os: ['netbsd'] }],
  [/sunos/, { os: ['sunos'] }],
  [/aix/, { os: ['aix'] }],
  [/openharmony/, { os: ['openharmony'] }],
  [/linux/, { os: ['linux'] }],
];
const cpus = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'mips64el', 'ppc64', 'riscv64', 's390x', 'wasm32'];

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location === '' ? '' : `${location}/`;
    const candidates = [`${base}node_modules/${name}`, `node_modules/${name}`];
    if (candidates.some((candidate) => candidate in packages)) continue;
    const platform = platforms.find(([pattern]) => pattern.test(name))?.[1];
    if (platform === undefined) continue; // not a platform build: leave it to npm
    const cpu = cpus.find((candidate) =>
      new RegExp(`[-_]${candidate}(?:[-_]|$)`).test(
        name.replace('arm-eabi', 'arm').replace('gnueabihf', '').replace('musleabihf', ''),
      ),
    );
    packages[`node_modules/${name}`] = {
      version,
      dev: entry.dev === true ? true : undefined,
      optional: true,
      ...platform,
      ...(cpu === undefined ? {} : { cpu: [cpu] }),
      ...(/musl/.test(name) ? { libc: ['musl'] } : /linux/.test(name) ? { libc: ['glibc'] } : {}),
    };
    added += 1;
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`complete-lockfile: added ${added} platform entries\n`);
