import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ChatRow, chatRows } from '../__fixtures__/chat-rows';
import { skipReason } from '../pipeline/skip';
import { readInput } from './read-input';
import type { ReaderWarning } from './source-row';

// Chat exports from other open-source projects' tests, kept beside the repository (not copied into it):
// `../shared/peer-cases/chats` from the repository root. See its README for sources and licences.
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const peerCases = resolve(repositoryRoot, '../shared/peer-cases/chats');
const peer = (path: string) => join(peerCases, path);

beforeAll(() => {
  if (!existsSync(peerCases)) {
    throw new Error(
      `The peer chat cases are missing: expected them at ${peerCases} (../shared/peer-cases/chats from the repository root). ` +
        "These tests check toex against other projects' chat samples and must not pass without them.",
    );
  }
});

async function read(path: string, options: Parameters<typeof readInput>[1] = {}) {
  const warnings: ReaderWarning[] = [];
  const document = await readInput(path, { ...options, onWarning: (warning) => warnings.push(warning) });
  return { document, rows: await chatRows(document), warnings };
}

/** Texts that would be sent for translation: what the pipeline's skip rules leave. */
const sent = (rows: readonly ChatRow[]) =>
  rows.filter((row) => skipReason(row.text, row.kind as 'message' | 'media' | 'system') === undefined);
const count = (rows: readonly ChatRow[], kind: string) => rows.filter((row) => row.kind === kind).length;

describe('peer cases: WhatsApp (joweich/chat-miner)', () => {
  const files = [
    'test_[mmddyy]_24hrs.txt',
    'test_ddmmyy_24hrs.txt',
    'test_mmddyy_24hrs.txt',
    'test_mmddyyyy_12hrs.txt',
    'test_yyyymmdd_24hrs.txt',
  ];
  it.each(files)(
    '%s: the 6 messages of target.json (in file order), 2 system lines, newlines kept',
    async (name) => {
      const target = JSON.parse(await readFile(peer('whatsapp/chat-miner/target.json'), 'utf8')) as Array<{
        timestamp: string;
        author: string;
        message: string;
      }>;
      const { document, rows } = await read(peer(`whatsapp/chat-miner/${name}`));
      expect(document.format).toBe('whatsapp');
      expect(rows).toHaveLength(9);
      const messages = rows.filter((row) => row.kind === 'message');
      // The peer lists newest first and joins continuation lines with a space; toex keeps file order and the newline.
      expect(messages).toHaveLength(target.length);
      expect(
        messages.map((row) => ({
          timestamp: `${row.time}:00`,
          author: row.sender,
          message: row.text.replaceAll('\n', ' '),
        })),
      ).toEqual([...target].reverse());
      expect(messages.filter((row) => row.text.includes('\n'))).toHaveLength(2);
      // The two system lines, and `John Doe:.` (no space after the colon) read as one too.
      expect(count(rows, 'system')).toBe(3);
    },
  );
});

describe('peer cases: WhatsApp (Pustur/whatsapp-chat-parser)', () => {
  it('chatExample: 3 messages and 2 system lines; the blank line stays inside the last message', async () => {
    const { rows } = await read(peer('whatsapp/pustur/index-test-chatExample.txt'));
    expect(rows.map((row) => row.kind)).toEqual(['system', 'system', 'message', 'message', 'message']);
    expect(rows[4]).toMatchObject({
      sender: '+410123456789',
      text: 'How are you?\n\nIs everything alright?',
    });
  });

  it('attachments: 3 media-only (never sent), `m`, and the German attachment with its caption as text', async () => {
    const { rows } = await read(peer('whatsapp/pustur/parser-test-attachments.txt'));
    expect(rows.map((row) => row.kind)).toEqual(['media', 'message', 'media', 'media', 'message']);
    expect(sent(rows).map((row) => row.text)).toEqual([
      'm',
      '\u200e4f2680f1db95a8454775cc2eefc95bfc.jpg (Datei angehängt)\nDir auch frohe Ostern.',
    ]);
  });

  describe('the 12 locale layouts, each read as its own file with --input-format whatsapp', () => {
    let directory: string;
    let formats: Record<string, string>;
    beforeAll(async () => {
      formats = JSON.parse(await readFile(peer('whatsapp/pustur/parser-test-formats.json'), 'utf8'));
      directory = await mkdtemp(join(tmpdir(), 'toex-peer-'));
      return () => rm(directory, { recursive: true, force: true });
    });
    it.each(Array.from({ length: 12 }, (_, index) => `format${index + 1}`))(
      '%s: sender a, text m',
      async (key) => {
        const path = join(directory, `${key}.txt`);
        await writeFile(path, `${formats[key]}\n`);
        const { rows } = await read(path, { format: 'whatsapp' });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ sender: 'a', text: 'm', kind: 'message' });
        // Where the day is above 12 the date is certain: 13 June 2018, 21:25:15.
        if (formats[key]!.includes('13')) expect(rows[0]?.time).toBe('2018-06-13T21:25:15');
      },
    );
  });
});

describe('peer cases: WhatsApp (langchain, iOS)', () => {
  it('8 messages, 3 "image omitted" (never sent) and the encryption notice as a system line', async () => {
    const { rows } = await read(peer('whatsapp/langchain/whatsapp_chat.txt'));
    expect(rows).toHaveLength(12);
    expect(count(rows, 'media')).toBe(3);
    expect(count(rows, 'system')).toBe(1);
    expect(sent(rows)).toHaveLength(8);
    expect(sent(rows)[0]?.text).toContain('I spotted a rare Hyacinth Macaw');
    expect(rows.at(-1)?.time).toBe('2023-08-15T21:25:16');
  });
});

describe('peer cases: Telegram', () => {
  it('chatstyle: 9 messages sent (the forwarded one too), a sticker and an empty message kept unsent, 1 service', async () => {
    const { document, rows } = await read(peer('telegram/chatstyle/result.json'));
    expect(document.format).toBe('telegram');
    expect(rows).toHaveLength(12);
    expect(sent(rows)).toHaveLength(9);
    expect(sent(rows).map((row) => row.text)).toContain('это чужое сообщение переслано');
    expect(count(rows, 'media')).toBe(1);
    expect(count(rows, 'system')).toBe(1);
    // Entity arrays flattened: no object or separator added.
    expect(rows.every((row) => !row.text.includes('[object'))).toBe(true);
  });

  it.each(['test_single_export.json', 'test_batch_export.json'])(
    'chat-miner %s: the 2 messages of target.json, entity parts joined as written',
    async (name) => {
      const target = JSON.parse(await readFile(peer('telegram/chat-miner/target.json'), 'utf8')) as Array<{
        timestamp: string;
        author: string;
        message: string;
      }>;
      const { document, rows } = await read(peer(`telegram/chat-miner/${name}`));
      expect(document.format).toBe('telegram');
      expect(rows).toHaveLength(target.length);
      expect(rows.map((row) => row.sender)).toEqual(target.map((entry) => entry.author));
      expect(rows.map((row) => row.time)).toEqual(target.map((entry) => `${entry.timestamp}Z`));
      expect(rows.map((row) => row.text)).toEqual(['Minimal Message', 'Link:https://telegram.org/']);
    },
  );

  it('written: 9 messages, 1 voice note (not sent), 2 service, the \\x0B escape repaired with a warning', async () => {
    const { rows, warnings } = await read(peer('telegram/written/result.json'));
    expect(rows).toHaveLength(12);
    expect(count(rows, 'message')).toBe(9);
    expect(count(rows, 'media')).toBe(1);
    expect(count(rows, 'system')).toBe(2);
    expect(warnings.map((warning) => warning.code)).toEqual(['repaired_json']);
  });
});

describe('peer cases: Facebook', () => {
  it('langchain: 10 messages in file order and 1 photo with empty content (not sent)', async () => {
    const { document, rows } = await read(peer('facebook/langchain/facebook_chat.json'));
    expect(document.format).toBe('facebook');
    expect(rows).toHaveLength(11);
    expect(sent(rows)).toHaveLength(10);
    expect(count(rows, 'media')).toBe(1);
    expect(rows[0]).toMatchObject({ sender: 'User 2', text: 'Bye!' });
  });

  it('written: 10 messages, 2 media, mojibake repaired in text and sender', async () => {
    const { rows } = await read(peer('facebook/written/message_1.json'));
    expect(rows).toHaveLength(12);
    expect(count(rows, 'media')).toBe(2);
    expect(count(rows, 'message')).toBe(10);
    expect(rows.some((row) => /[ÃÂð]/.test(row.text + row.sender + row.chat))).toBe(false);
    expect(rows[0]).toMatchObject({
      sender: 'José Martínez',
      text: 'Buenas noches, Lucía 😘',
      chat: 'José Martínez',
    });
  });
});
