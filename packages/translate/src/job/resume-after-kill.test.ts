import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AzureStandIn, standInProvider, startAzureStandIn } from './__fixtures__/azure-stand-in';
import { chatHeader, chatRows, temporaryDirectory, writeExport } from './__fixtures__/job-fixtures';
import { translationMemoryFileName } from './job-context';
import { translateFile } from './translate-file';

// A job killed with SIGKILL (power cut, OOM killer, `kill -9`) and run again must produce exactly the file an
// uninterrupted run produces, and must not pay again for anything whose translation had been saved.
// The job runs in a child process against a real HTTP server on loopback speaking Azure's wire format.

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const worker = fileURLToPath(new URL('./__fixtures__/translate-file-worker.ts', import.meta.url));
/** Requests the worker's job has on the wire at once. */
const concurrency = 2;
/** Answers the server gives before it stops answering and the worker is killed. */
const answersBeforeKill = 30;

let directory: { path: string; remove: () => Promise<void> };
let standIn: AzureStandIn | undefined;
const children: ChildProcess[] = [];
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(async () => {
  // A worker left running by a failed test is ended, by its own id.
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await standIn?.close();
  standIn = undefined;
  await directory.remove();
});

// 3,000 messages: mostly distinct, a few repeated, some empty, some spanning lines.
const bodies = Array.from({ length: 3_000 }, (_, index) => {
  if (index % 40 === 39) return '';
  if (index % 9 === 4) return ['vale', 'ok, hasta luego', 'ya voy'][index % 3]!;
  if (index % 97 === 5) return `Mensaje ${index}\r\nen dos líneas`;
  return `Mensaje ${index}: nos vemos en la plaza a las ${index % 24}`;
});
const uniqueTexts = new Set(bodies.filter((body) => body !== ''));

function runWorker(args: { input: string; output: string; cache: string; endpoint: string }): {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', worker, args.input, args.output, args.cache, args.endpoint],
    {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

/** The source texts whose translations are in the memory file: torn (half-written) lines are skipped, as the store does. */
async function textsInMemory(cache: string): Promise<Set<string>> {
  const content = await readFile(join(cache, translationMemoryFileName), 'utf8').catch(() => '');
  const texts = new Set<string>();
  for (const line of content.split('\n')) {
    let entry: { v?: { translations?: { en?: string } } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    const english = entry.v?.translations?.en;
    if (english?.startsWith('[en] ')) texts.add(english.slice('[en] '.length));
  }
  return texts;
}

describe('a file job killed mid-run', () => {
  it('resumes to the same output without re-sending anything whose translation was saved', async () => {
    let killed: ChildProcess | undefined;
    const server = await startAzureStandIn({
      latencyMs: 10,
      // Killed at once when the last answer is written: answers still on their way into the memory are lost.
      onAnswered: (answers) => {
        if (answers === answersBeforeKill) killed?.kill('SIGKILL');
      },
    });
    standIn = server;
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    const output = join(directory.path, 'chats.en.csv');
    const cache = join(directory.path, 'cache');
    const job = { input, output, cache, endpoint: server.url };

    // Run 1: the server answers 30 requests, then holds every further one open; the worker is killed the
    // moment the 30th answer is written.
    server.limitAnswers(answersBeforeKill);
    const first = runWorker(job);
    killed = first.child;
    const firstExit = await first.exited;
    expect(firstExit).toMatchObject({ signal: 'SIGKILL', stderr: '' });
    // Nothing that looks finished: no output, no manifest (a `.partial` file may be there).
    expect(existsSync(output)).toBe(false);
    expect(existsSync(`${output}.manifest.json`)).toBe(false);

    const answered = server.requests.filter((request) => request.answer !== undefined);
    expect(answered).toHaveLength(answersBeforeKill);
    const saved = await textsInMemory(cache);
    const answeredTexts = new Set(answered.flatMap((request) => request.texts));
    // The memory holds only what came back…
    for (const text of saved) expect(answeredTexts.has(text)).toBe(true);
    // …and all of it but the latest answers, still on their way into the memory when the kill came (answers
    // are saved in the order they come back; the two requests on the wire may come back in either order).
    const answeredNotSaved = answered.filter((request) => request.texts.some((text) => !saved.has(text)));
    for (const request of answeredNotSaved) {
      expect(request.answer).toBeGreaterThan(answersBeforeKill - answeredNotSaved.length - (concurrency - 1));
    }
    // And most of what came back was saved (a memory that saved nothing would make the checks below vacuous).
    expect(answeredNotSaved.length).toBeLessThanOrEqual(answersBeforeKill / 2);

    // Run 2: the same command again, to completion. Meanwhile, an uninterrupted run of the same job into
    // another file, against a second server, gives the output to compare with.
    server.limitAnswers(undefined);
    server.clearLog();
    const cleanServer = await startAzureStandIn({ latencyMs: 10 });
    const clean = join(directory.path, 'clean.en.csv');
    const second = runWorker(job);
    try {
      await translateFile({
        input,
        output: clean,
        cache: join(directory.path, 'clean-cache'),
        provider: standInProvider(cleanServer.url),
        from: 'es',
        to: ['en'],
        concurrency,
      });
      expect(cleanServer.requests.flatMap((request) => request.texts)).toHaveLength(uniqueTexts.size);
    } finally {
      await cleanServer.close();
    }
    const secondExit = await second.exited;
    expect(secondExit).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(secondExit.stdout)).toMatchObject({
      rows: bodies.length,
      failedRows: 0,
      cachedSegments: saved.size,
    });
    const resent = server.requests.flatMap((request) => request.texts);
    // Nothing saved before the kill was sent (or paid for) again; everything else was sent exactly once.
    expect(resent.filter((text) => saved.has(text))).toEqual([]);
    expect(resent.sort()).toEqual([...uniqueTexts].filter((text) => !saved.has(text)).sort());
    const manifest = JSON.parse(await readFile(`${output}.manifest.json`, 'utf8')) as {
      counts: { cachedSegments: number; sentSegments: number };
      billing: { characters: number };
    };
    expect(manifest.counts).toMatchObject({
      cachedSegments: saved.size,
      sentSegments: uniqueTexts.size - saved.size,
    });
    expect(manifest.billing.characters).toBe(resent.reduce((sum, text) => sum + text.length, 0));

    // The resumed output is byte for byte what the uninterrupted run wrote.
    const [resumedBytes, cleanBytes] = await Promise.all([readFile(output), readFile(clean)]);
    expect(resumedBytes.equals(cleanBytes)).toBe(true);
    expect(resumedBytes.toString('utf8').split('\r\n').length).toBeGreaterThan(bodies.length);
    // Three job processes, each starting the language detector: the stand-in's `[en] <source>` reads like
    // its source, so the quality check asks the detector about every output.
  }, 60_000);
});
