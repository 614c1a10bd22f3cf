import { basename } from 'node:path';
import { InputError } from '@toex/core';
import type { TextKind } from '../pipeline/skip';
import { chatDocument } from './chat-document';
import type { ChatMessage } from './chat-message';
import type { ChatReaderOptions } from './chat-reader-options';
import { detectEncoding, type EncodingDetection } from './detect-encoding';
import type { InputSource } from './open-input';
import { type OpenedInput, openInput } from './open-input';
import type { InputDocument } from './source-row';
import { type JsonValueFound, streamJsonValues } from './stream-json-values';
import { type TelegramMessage, telegramChat, telegramMessage, telegramMessageText } from './telegram-export';

/**
 * Opens a Telegram Desktop JSON export (`result.json`): a single chat, or a full-account export holding
 * many chats, read in the order they are written. One row per message, in export order.
 *
 * Text is the `text` string, or the parts of a `text` array joined as they are. The time comes from
 * `date_unixtime` (the instant), written with the offset of the exporting PC where `date` (its local
 * time) allows working it out, else in UTC. Service messages are kind `system`; media without text
 * (photo, voice note, sticker, file) kind `media`. Invalid `\xNN` escapes, which Telegram writes for
 * control characters, are repaired before parsing and reported through `onWarning`.
 *
 * Memory stays flat however large the export: the document is parsed as it streams in (with
 * `@streamparser/json`), twice — once to check its shape and count its chats and messages, once to
 * produce the rows — and each message is let go once it is read. Bytes or a stream given instead of a
 * path are held in memory for the second pass.
 */
export async function readTelegram(
  source: InputSource,
  options: ChatReaderOptions = {},
): Promise<InputDocument> {
  const replayable = await replayableJson(source);
  const survey = await surveyTelegram(replayable, options);
  const { file, encoding, chats, repairedEscapes } = survey;
  if (repairedEscapes > 0) {
    options.onWarning?.({
      code: 'repaired_json',
      message: `${file === undefined ? '' : `${file}: `}${repairedEscapes} invalid \\xNN escape${repairedEscapes === 1 ? '' : 's'} (written by Telegram Desktop for control characters) read as \\u00NN.`,
      ...(file === undefined ? {} : { file }),
      line: 1,
      index: 0,
    });
  }
  const sourceName = file === undefined ? 'result.json' : basename(file);
  let opened: OpenedInput | undefined;
  async function* messages(): AsyncGenerator<ChatMessage> {
    opened = await openInput(replayable, { file: options.file ?? file });
    const stream = streamJsonValues(opened.chunks, { encoding, file, paths: telegramMessagePaths });
    for await (const found of stream.values) {
      const chat = chats.get(chatKeyOf(found));
      if (chat === undefined) continue;
      const parsed = telegramMessage.safeParse(found.value);
      const message: TelegramMessage = parsed.success ? parsed.data : {};
      const position = typeof found.key === 'number' ? found.key : 0;
      const id = message.id ?? `#${position + 1}`;
      const name = chat.name ?? chat.type ?? '';
      yield {
        time: telegramTime(message),
        sender: message.from ?? message.actor ?? '',
        chat: name,
        text: telegramMessageText(message.text),
        kind: telegramKind(message),
        source: `${sourceName}: chat ${chat.id ?? name}, message ${id}`,
        line: 1,
      };
    }
  }
  return chatDocument({
    format: 'telegram',
    file,
    encoding,
    layout:
      `Telegram Desktop JSON, ${chats.size === 1 ? '1 chat' : `${chats.size} chats`}, ${survey.messages} messages; ` +
      'times from date_unixtime, with the exporting PC\'s offset where "date" shows it' +
      (repairedEscapes > 0 ? `; ${repairedEscapes} invalid \\xNN escapes repaired` : ''),
    messages: messages(),
    close: async () => {
      await opened?.close();
    },
  });
}

interface Chat {
  name?: string | null | undefined;
  type?: string | undefined;
  id?: number | string | undefined;
}

// Where a Telegram export keeps its messages: one chat's, or every chat's of a full-account export.
const telegramMessagePaths = ['$.messages.*', '$.chats.list.*.messages.*', '$.left_chats.list.*.messages.*'];

/** The chat a message found at one of {@link telegramMessagePaths} belongs to: `''`, or `chats/3`. */
function chatKeyOf(found: JsonValueFound): string {
  // [root, messages] for one chat; [root, chats, list, chat, messages] for a full export.
  const { path } = found;
  return path.length <= 2 ? '' : `${String(path[1])}/${String(path[3])}`;
}

/** What the first pass found: the chats (by key, in order), the messages counted and the escapes repaired. */
interface TelegramSurvey {
  file: string | undefined;
  encoding: EncodingDetection;
  chats: Map<string, Chat>;
  messages: number;
  repairedEscapes: number;
}

/**
 * The first pass: streams the document once, counting each chat's messages and keeping the rest (the
 * chats' names and ids, the account's other sections) without the messages, to check that this is a
 * Telegram export and to name the chats.
 */
async function surveyTelegram(source: InputSource, options: ChatReaderOptions): Promise<TelegramSurvey> {
  const input = await openInput(source, { file: options.file });
  const { file } = input;
  try {
    const encoding = detectEncoding(input.sample, { encoding: options.encoding, file });
    const topLevel = new Set<string>();
    const stream = streamJsonValues(input.chunks, {
      encoding,
      file,
      paths: [...telegramMessagePaths, ...telegramChatFieldPaths],
      onTopLevelKey: (key) => topLevel.add(key),
    });
    // Each chat's name, type and id, and its messages counted, by chat key in the order first reached.
    const found = new Map<string, { fields: Record<string, unknown>; messages: number }>();
    for await (const value of stream.values) {
      const key = chatKeyOf(value);
      const chat = found.get(key) ?? { fields: {}, messages: 0 };
      found.set(key, chat);
      if (value.path.at(-1) === 'messages') chat.messages += 1;
      else if (typeof value.key === 'string') chat.fields[value.key] = value.value;
    }
    const chats = new Map<string, Chat>();
    let messages = 0;
    const single = topLevel.has('messages');
    for (const [key, chat] of found) {
      if ((key === '') !== single) continue;
      // As `telegramChat` reads a whole chat: a name that is not text makes it no chat.
      const checked = telegramChat.safeParse({ ...chat.fields, messages: [] });
      if (!checked.success) continue;
      chats.set(key, checked.data as Chat);
      messages += chat.messages;
    }
    if (single && !chats.has('')) chats.set('', {});
    if (!single && !topLevel.has('chats') && chats.size === 0) {
      throw new InputError({
        code: 'not_telegram',
        file,
        message:
          'this JSON is not a Telegram Desktop export: it has neither "messages" (one chat) nor "chats.list" (a full export). ' +
          'Export the chat from Telegram Desktop as "Machine-readable JSON", or pass --input-format to name the format.',
      });
    }
    return { file, encoding, chats, messages, repairedEscapes: stream.repairedEscapes() };
  } finally {
    await input.close();
  }
}

// The fields of a chat the rows name it by, for one chat and for every chat of a full export.
const telegramChatFieldPaths = ['', '.chats.list.*', '.left_chats.list.*'].flatMap((chat) =>
  ['name', 'type', 'id'].map((field) => `$${chat}.${field}`),
);

/** The source again for the second pass: a path or bytes as they are; a stream's bytes, gathered. */
async function replayableJson(source: InputSource): Promise<string | Uint8Array> {
  if (typeof source === 'string' || source instanceof Uint8Array) return source;
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function telegramKind(message: TelegramMessage): TextKind {
  if (message.type === 'service') return 'system';
  const text = telegramMessageText(message.text);
  const hasMedia =
    message.media_type !== undefined ||
    message.photo !== undefined ||
    message.file !== undefined ||
    message.location_information !== undefined ||
    message.contact_information !== undefined ||
    message.poll !== undefined;
  // A caption under a photo is someone's words: translate it.
  return hasMedia && text.trim() === '' ? 'media' : 'message';
}

/** `date_unixtime` as ISO 8601 with the offset `date` (the PC's local time) implies; UTC when it cannot. */
export function telegramTime(message: TelegramMessage): string {
  if (message.date_unixtime === undefined) return message.date ?? '';
  const seconds = Number(message.date_unixtime);
  if (!Number.isFinite(seconds)) return message.date ?? '';
  const instant = seconds * 1000;
  const local = message.date === undefined ? Number.NaN : Date.parse(`${message.date}Z`);
  const offsetMinutes = Number.isNaN(local) ? 0 : Math.round((local - instant) / 60_000);
  // Real offsets are whole quarter hours within ±14 h; anything else means `date` is not what we think.
  const plausible = offsetMinutes % 15 === 0 && Math.abs(offsetMinutes) <= 14 * 60;
  const offset = plausible ? offsetMinutes : 0;
  const wall = new Date(instant + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${wall}Z`;
  const sign = offset > 0 ? '+' : '-';
  const absolute = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}
