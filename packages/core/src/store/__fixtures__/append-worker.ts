// Run by file-content-store.test.ts in a child process: appends `count` entries named `<prefix>-<n>`
// in batches (fsync off), to show that separate processes can append to one store file without losing
// lines, and that what was stored survives `kill -9`. It opens the store, prints `ready`, starts writing
// when a line arrives on stdin, and prints `stored <n>` after each batch once `putMany` has resolved.
import { once } from 'node:events';
import { openFileContentStore } from '../file-content-store';

const [path, prefix, countText] = process.argv.slice(2);
if (path === undefined || prefix === undefined || countText === undefined) {
  throw new TypeError('usage: append-worker <path> <prefix> <count>');
}
const count = Number(countText);
const store = await openFileContentStore<{ n: number; text: string }>({ path, fsync: 'never' });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const batchSize = 25;
for (let first = 0; first < count; first += batchSize) {
  const batch: Array<[string, { n: number; text: string }]> = [];
  const end = Math.min(count, first + batchSize);
  for (let n = first; n < end; n++) {
    // Long values make each batch span several pages, so a non-atomic append would show.
    batch.push([`${prefix}-${n}`, { n, text: `${prefix} ${n} ${'é✓🙂'.repeat(60)}` }]);
  }
  await store.putMany(batch);
  process.stdout.write(`stored ${end}\n`);
}
await store.close();
process.stdin.destroy();
