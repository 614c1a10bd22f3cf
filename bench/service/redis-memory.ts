/**
 * Redis memory per cached segment of the shared translation memory, for the sizing figures in
 * docs/shared-service.md. Starts a throwaway redis-server (no persistence, loopback), writes 100,000
 * realistic segments through `createRedisContentStore` (chat-message lengths, a 64-hex content key,
 * one target language), and reads `used_memory` from INFO before and after; once without and once with
 * a case reference (which also lists every key in the case's set, for `toex purge --case`).
 *
 * Run: npx tsx bench/service/redis-memory.ts [segments]
 */
import { randomUUID } from 'node:crypto';
import { contentKey } from '@toex/core';
import { createRedisContentStore } from '@toex/service';
import type { StoredTranslation } from '@toex/translate';
import { Redis } from 'ioredis';
import { startRedisServer } from '../../packages/service/src/test-support/redis-server';

/** A memory entry as a worker writes it (see `StoredTranslation` in @toex/translate). */
type StoredValue = StoredTranslation;

const segments = Number(process.argv[2] ?? 100_000);
const words = [
  'ok',
  'where',
  'are',
  'you',
  'meet',
  'tonight',
  'the',
  'car',
  'money',
  'tomorrow',
  'call',
  'me',
  'now',
  'wiadomość',
  'пришли',
  'بكرة',
];

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

/** A chat-like message: 3 to 30 words, so 15 to about 200 characters, most around 60. */
function message(): string {
  const count = 3 + Math.floor(random() * random() * 28);
  return Array.from({ length: count }, () => words[Math.floor(random() * words.length)]).join(' ');
}

async function measure(caseReference: string | undefined) {
  const server = await startRedisServer();
  const redis = new Redis(server.url);
  try {
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    const before = await usedMemory();
    const store = createRedisContentStore<StoredValue>({
      redis,
      ...(caseReference === undefined ? {} : { caseReference }),
    });
    let valueBytes = 0;
    const batch: Array<readonly [string, StoredValue]> = [];
    for (let index = 0; index < segments; index++) {
      const source = `${message()} #${index}`;
      // What a worker stores: the translation, the detected language and which job paid for it.
      const value: StoredValue = {
        translations: { en: message() },
        detectedLanguage: 'pl',
        paidBy: { jobId: randomUUID(), characters: source.length },
      };
      valueBytes += Buffer.byteLength(JSON.stringify(value));
      batch.push([contentKey('translation/v1', 'azure', 'pl', 'en', source), value]);
      if (batch.length === 1_000) await store.putMany(batch.splice(0));
    }
    await store.putMany(batch.splice(0));
    const after = await usedMemory();
    const perSegment = (after - before) / segments;
    const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
    return { perSegment, valueBytes: valueBytes / segments, version };
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

const rows = [
  ['without case reference', await measure(undefined)],
  ['with case reference', await measure('OP-BENCH/26')],
] as const;
process.stdout.write(
  `Redis memory of the shared translation memory (${segments.toLocaleString('en-US')} segments, redis-server ${rows[0][1].version})\n\n`,
);
process.stdout.write(
  '| Entries | Mean JSON value (bytes) | Redis bytes per segment | Redis MiB per million segments |\n',
);
process.stdout.write('| --- | ---: | ---: | ---: |\n');
for (const [label, figures] of rows) {
  process.stdout.write(
    `| ${label} | ${figures.valueBytes.toFixed(0)} | ${figures.perSegment.toFixed(0)} | ${((figures.perSegment * 1_000_000) / 1024 / 1024).toFixed(0)} |\n`,
  );
}
