import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apertiumUrlForTests } from '../../../../scripts/test/apertium-url';
import { bufferedIo, temporaryDirectory } from '../__fixtures__/cli-test-io';
import { ExitCode } from '../io';
import { runCli } from '../main';

// A WhatsApp export through the CLI and the real Apertium engine (APY on loopback from the vitest global
// setup): `toex translate chat.txt --to en`, as an investigator runs it.
const chatFixture = (name: string) =>
  fileURLToPath(new URL(`../../../translate/src/__fixtures__/chats/${name}`, import.meta.url));
const androidExport = chatFixture('WhatsApp Chat with Marta Díaz.txt');

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(async () => {
  await directory.remove();
});

describe('toex translate on a WhatsApp export (real Apertium)', () => {
  it('writes chat.translated.csv with the chat columns, one row per message, media and system lines not sent', async () => {
    const input = join(directory.path, 'chat.txt');
    await copyFile(androidExport, input);
    const io = bufferedIo({ cwd: directory.path, env: { APERTIUM_URL: apertiumUrlForTests() } });
    const code = await runCli(['translate', 'chat.txt', '--to', 'en', '--currency', 'EUR'], io);
    expect(io.err()).toContain('chat.txt: whatsapp, utf-8');
    expect(io.err()).toContain('WhatsApp export, recognised from the content');
    expect(code).toBe(ExitCode.ok);

    const output = await readFile(join(directory.path, 'chat.translated.csv'), 'utf8');
    const [header, ...rows] = parse(output.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
    }) as string[][];
    expect(header).toEqual([
      'time',
      'sender',
      'chat',
      'text',
      'text_en',
      'text_lang',
      'toex_status',
      'source',
      'toex_flags',
    ]);
    const column = (name: string) => rows.map((row) => row[header!.indexOf(name)]);
    expect(rows).toHaveLength(9);
    expect(column('toex_status')).toEqual([
      'skipped:system',
      'skipped:system',
      'skipped:system',
      'ok',
      'ok',
      'skipped:media',
      'skipped:no-letters',
      'ok',
      'skipped:url-only',
    ]);
    expect(column('time')[0]).toBe('2023-03-12T21:00');
    expect(column('source')).toEqual([1, 2, 3, 4, 5, 9, 10, 11, 12].map((line) => `chat.txt:${line}`));
    // The multi-line message is one cell, its line breaks kept, and translated as a whole.
    expect(column('text')[4]).toBe('Sí, después de las nueve\npero no en mi casa\n\nmejor en el bar');
    expect(column('text_en')[4]).toMatch(/nine/i);
    expect(column('text_en')[3]).toMatch(/free/i);
    // Media and system lines are copied through, never sent.
    expect(column('text_en')[5]).toBe('<Media omitted>');
    const manifest = JSON.parse(
      await readFile(join(directory.path, 'chat.translated.csv.manifest.json'), 'utf8'),
    );
    expect(manifest.settings.input.format).toBe('whatsapp');
    expect(manifest.settings.skipRules).toEqual(expect.arrayContaining(['media', 'system']));
  }, 60_000);

  it('estimates a Telegram export named anything, counting only the messages that would be sent', async () => {
    const input = join(directory.path, 'export-from-phone.json');
    await copyFile(chatFixture('result.json'), input);
    const io = bufferedIo({ cwd: directory.path, env: { APERTIUM_URL: apertiumUrlForTests() } });
    const code = await runCli(
      ['translate', input, '--to', 'en', '--from', 'es', '--estimate', '--json', '--currency', 'EUR'],
      io,
    );
    expect(code).toBe(ExitCode.ok);
    const estimate = JSON.parse(io.out().trim().split('\n').at(-1)!);
    // 10 rows: 2 service messages and 2 media-only are skipped, with nothing to translate.
    expect(estimate).toMatchObject({ rows: 10, skipped: 4 });
  });

  it('refuses a chat export forced to be read as a workbook, with a clear message (exit 2)', async () => {
    const input = join(directory.path, 'chat.txt');
    await copyFile(androidExport, input);
    const io = bufferedIo({ cwd: directory.path, env: { APERTIUM_URL: apertiumUrlForTests() } });
    const code = await runCli(['translate', 'chat.txt', '--to', 'en', '--input-format', 'xlsx'], io);
    expect(code).toBe(ExitCode.usage);
    expect(io.err()).toContain('not a readable Excel workbook');
  });
});
