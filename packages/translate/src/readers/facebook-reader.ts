import { basename } from 'node:path';
import { InputError } from '@toex/core';
import { z } from 'zod';
import type { TextKind } from '../pipeline/skip';
import { chatDocument } from './chat-document';
import type { ChatMessage } from './chat-message';
import type { ChatReaderOptions } from './chat-reader-options';
import type { InputSource } from './open-input';
import { readJsonDocument } from './read-json-document';
import { repairMojibake } from './repair-mojibake';
import type { InputDocument } from './source-row';

// Facebook/Instagram "Download your information" message_N.json. Only the fields toex reads are checked.
const facebookMessage = z.looseObject({
  sender_name: z.string().optional(),
  timestamp_ms: z.number().optional(),
  // 2018 exports: seconds.
  timestamp: z.number().optional(),
  content: z.string().optional(),
  type: z.string().optional(),
});
const facebookThread = z.looseObject({
  title: z.string().optional(),
  messages: z.array(z.unknown()),
});
type FacebookMessage = z.infer<typeof facebookMessage>;

// Attachments whose presence without `content` makes a media-only message.
const mediaFields = ['photos', 'videos', 'audio_files', 'gifs', 'files', 'sticker', 'share'] as const;
// Message types Messenger writes for events rather than words.
const systemTypes = new Set(['Call', 'Subscribe', 'Unsubscribe']);

/**
 * Opens a Facebook Messenger or Instagram "Download your information" JSON file (`message_N.json`) and
 * produces one row per message in the file's order (Meta writes them newest first). Every string is
 * repaired from the Latin-1 mojibake Meta writes (see {@link repairMojibake}), so `Ã©` reads `é`.
 * Times come from `timestamp_ms` (UTC). The files carry no message id: `source` is the position in the
 * file's `messages` array.
 */
export async function readFacebook(
  source: InputSource,
  options: ChatReaderOptions = {},
): Promise<InputDocument> {
  const document = await readJsonDocument(source, options);
  const { file } = document;
  const thread = facebookThread.safeParse(document.value);
  if (!thread.success) {
    throw new InputError({
      code: 'not_facebook',
      file,
      message:
        'this JSON is not a Facebook or Instagram message file: it has no "messages" array. ' +
        'Pass one message_N.json from the "Download your information" archive (JSON format).',
    });
  }
  const chat = repairMojibake(thread.data.title ?? '');
  const sourceName = file === undefined ? 'message.json' : basename(file);
  const list = thread.data.messages;
  function* messages(): Generator<ChatMessage> {
    for (const [position, raw] of list.entries()) {
      const parsed = facebookMessage.safeParse(raw);
      const message: FacebookMessage = parsed.success ? parsed.data : {};
      yield {
        time: facebookTime(message),
        sender: repairMojibake(message.sender_name ?? ''),
        chat,
        text: repairMojibake(message.content ?? ''),
        kind: facebookKind(message, raw),
        source: `${sourceName}: messages[${position}]`,
        line: 1,
      };
    }
  }
  const mojibake = list.some((raw) => {
    const parsed = facebookMessage.safeParse(raw);
    const text = parsed.success ? `${parsed.data.sender_name ?? ''}${parsed.data.content ?? ''}` : '';
    return repairMojibake(text) !== text;
  });
  return chatDocument({
    format: 'facebook',
    file,
    encoding: document.encoding,
    layout:
      `Facebook/Instagram message file, ${list.length} messages in the file's order (newest first as Meta writes them); ` +
      `times from timestamp_ms in UTC; ${mojibake ? "Meta's Latin-1 mojibake found and repaired (Ã© → é)" : 'no mojibake found'}`,
    messages: messages(),
    close: async () => {},
  });
}

function facebookKind(message: FacebookMessage, raw: unknown): TextKind {
  if (message.type !== undefined && systemTypes.has(message.type)) return 'system';
  if ((message.content ?? '').trim() !== '') return 'message';
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return mediaFields.some((field) => record[field] !== undefined) ? 'media' : 'message';
}

function facebookTime(message: FacebookMessage): string {
  const milliseconds =
    message.timestamp_ms ?? (message.timestamp === undefined ? undefined : message.timestamp * 1000);
  if (milliseconds === undefined) return '';
  return new Date(milliseconds).toISOString().replace('.000Z', 'Z');
}
