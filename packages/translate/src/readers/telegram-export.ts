import { z } from 'zod';

// Telegram Desktop's JSON export, as tdesktop's export_output_json.cpp writes it. Only the fields toex
// reads are checked; everything else is allowed through (exports gain fields with every version).

const textPart = z.union([z.string(), z.looseObject({ type: z.string().optional(), text: z.string() })]);

/** A message's `text`: a plain string, or an array of strings and entity objects `{type, text, …}`. */
export const telegramText = z.union([z.string(), z.array(textPart)]);

/** One entry of a chat's `messages`. */
export const telegramMessage = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  type: z.string().optional(),
  date: z.string().optional(),
  date_unixtime: z.union([z.string(), z.number()]).optional(),
  from: z.string().nullable().optional(),
  actor: z.string().nullable().optional(),
  action: z.string().optional(),
  text: telegramText.optional(),
  media_type: z.string().optional(),
  photo: z.unknown().optional(),
  file: z.unknown().optional(),
  sticker_emoji: z.string().optional(),
  location_information: z.unknown().optional(),
  contact_information: z.unknown().optional(),
  poll: z.unknown().optional(),
});

/** One chat: `{name, type, id, messages}` ("name" is absent for saved messages). */
export const telegramChat = z.looseObject({
  name: z.string().nullable().optional(),
  type: z.string().optional(),
  id: z.union([z.number(), z.string()]).optional(),
  messages: z.array(z.unknown()),
});

/** A full-account export: chats under `chats.list` and `left_chats.list`. */
export const telegramAccountExport = z.looseObject({
  chats: z.looseObject({ list: z.array(z.unknown()) }).optional(),
  left_chats: z.looseObject({ list: z.array(z.unknown()) }).optional(),
});

/** A message as checked by {@link telegramMessage}. */
export type TelegramMessage = z.infer<typeof telegramMessage>;

/** The text of a message: a string as it is, an array's parts joined as they are (no separator added). */
export function telegramMessageText(text: z.infer<typeof telegramText> | undefined): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text.map((part) => (typeof part === 'string' ? part : part.text)).join('');
}
