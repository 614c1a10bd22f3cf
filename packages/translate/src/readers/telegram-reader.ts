import { basename } from 'node:path';
import { InputError } from '@toex/core';
import type { TextKind } from '../pipeline/skip';
import { chatDocument } from './chat-document';
import type { ChatMessage } from './chat-message';
import type { ChatReaderOptions } from './chat-reader-options';
import type { InputSource } from './open-input';
import { readJsonDocument } from './read-json-document';
import type { InputDocument } from './source-row';
import {
  type TelegramMessage,
  telegramAccountExport,
  telegramChat,
  telegramMessage,
  telegramMessageText,
} from './telegram-export';

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
 * The document is parsed whole (JSON.parse), and rows are produced from the parsed value.
 */
export async function readTelegram(
  source: InputSource,
  options: ChatReaderOptions = {},
): Promise<InputDocument> {
  const document = await readJsonDocument(source, options);
  const { file } = document;
  if (document.repairedEscapes > 0) {
    options.onWarning?.({
      code: 'repaired_json',
      message: `${file === undefined ? '' : `${file}: `}${document.repairedEscapes} invalid \\xNN escape${document.repairedEscapes === 1 ? '' : 's'} (written by Telegram Desktop for control characters) read as \\u00NN.`,
      ...(file === undefined ? {} : { file }),
      line: 1,
      index: 0,
    });
  }
  const chats = findChats(document.value, file);
  const sourceName = file === undefined ? 'result.json' : basename(file);
  const total = chats.reduce((sum, chat) => sum + chat.messages.length, 0);
  function* messages(): Generator<ChatMessage> {
    for (const chat of chats) {
      const name = chat.name ?? chat.type ?? '';
      for (const [position, raw] of chat.messages.entries()) {
        const parsed = telegramMessage.safeParse(raw);
        const message: TelegramMessage = parsed.success ? parsed.data : {};
        const id = message.id ?? `#${position + 1}`;
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
  }
  return chatDocument({
    format: 'telegram',
    file,
    encoding: document.encoding,
    layout:
      `Telegram Desktop JSON, ${chats.length === 1 ? '1 chat' : `${chats.length} chats`}, ${total} messages; ` +
      'times from date_unixtime, with the exporting PC\'s offset where "date" shows it' +
      (document.repairedEscapes > 0 ? `; ${document.repairedEscapes} invalid \\xNN escapes repaired` : ''),
    messages: messages(),
    close: async () => {},
  });
}

interface Chat {
  name?: string | null | undefined;
  type?: string | undefined;
  id?: number | string | undefined;
  messages: unknown[];
}

function findChats(value: unknown, file: string | undefined): Chat[] {
  const single = telegramChat.safeParse(value);
  if (single.success) return [single.data as Chat];
  const account = telegramAccountExport.safeParse(value);
  if (account.success) {
    const lists = [...(account.data.chats?.list ?? []), ...(account.data.left_chats?.list ?? [])];
    const chats = lists.flatMap((entry) => {
      const chat = telegramChat.safeParse(entry);
      return chat.success ? [chat.data as Chat] : [];
    });
    if (chats.length > 0 || account.data.chats !== undefined) return chats;
  }
  throw new InputError({
    code: 'not_telegram',
    file,
    message:
      'this JSON is not a Telegram Desktop export: it has neither "messages" (one chat) nor "chats.list" (a full export). ' +
      'Export the chat from Telegram Desktop as "Machine-readable JSON", or pass --input-format to name the format.',
  });
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
