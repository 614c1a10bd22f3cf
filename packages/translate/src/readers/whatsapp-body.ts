import type { TextKind } from '../pipeline/skip';

/** A message line after its stamp, split into sender and text. */
export interface WhatsAppBody {
  /** Empty for system lines, which name no sender. */
  sender: string;
  /** The text after `Sender: `, exactly as written (invisible marks kept). */
  text: string;
  /** False for a system line (no `Name: `). */
  hasSender: boolean;
}

// Bidi marks and embeddings phones wrap around numbers and placeholders.
const invisibleMarks = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const senderPattern = /^(.+?):(?:[ \u00A0]|$)/;

// Media placeholders, compared after the invisible marks are removed. Android: `<Media omitted>` (also
// `< Media omitted >`), `IMG-….jpg (file attached)` in the phone's language. iOS: `<attached: …>`,
// `….jpg <attached>`, `image omitted`, `video omitted`, ….
const mediaPatterns: readonly RegExp[] = [
  /^<\s*media omitted\s*>$/i,
  // The same placeholder in other phone languages, as seen in public exports (not confirmed by WhatsApp).
  /^<\s*(?:multimedia omitido|medien ausgeschlossen|médias omis|media omessi|mídia oculta|arquivo de mídia oculto|media weggelaten)\s*>$/iu,
  /^<\s*attached:\s*[^<>]+>$/i,
  /^\S+\.[A-Za-z0-9]{2,5}\s*<\s*attached\s*>$/i,
  /^\S+\.[A-Za-z0-9]{2,5} \([^()]{2,40}\)$/u,
  /^(?:image|video|audio|sticker|gif|document|contact card|photo) omitted$/i,
  /^.{1,200} document omitted$/i,
];

/**
 * Splits the part of a line after its stamp into sender and text. A line with no `Name: ` is a system
 * line (group created, someone added). Sender names lose the bidi marks phones wrap numbers in.
 */
export function parseWhatsAppBody(rest: string): WhatsAppBody {
  const match = senderPattern.exec(rest);
  if (match === null) return { sender: '', text: rest, hasSender: false };
  const sender = match[1]!.replace(invisibleMarks, '').trim();
  return { sender, text: rest.slice(match[0].length), hasSender: true };
}

// What WhatsApp writes in place of a deleted message: the app's words, not the sender's.
const deletedPattern = /^(?:this message was deleted|you deleted this message)\.?$/i;

/**
 * What a whole message (all its lines) is. Media-only when its text is a placeholder; a placeholder with
 * a caption under it is a message. An iOS text starting with U+200E that is not media is a system line:
 * that is how iOS marks what the app wrote (the encryption notice, carrying the chat's name as sender).
 */
export function classifyWhatsAppText(body: WhatsAppBody): TextKind {
  if (!body.hasSender) return 'system';
  const lines = body.text.replace(invisibleMarks, '').trim().split('\n');
  if (mediaPatterns.some((pattern) => pattern.test(lines[0]!.trim())))
    return lines.length === 1 ? 'media' : 'message';
  if (body.text.startsWith('\u200E') || deletedPattern.test(lines[0]!.trim())) return 'system';
  return 'message';
}
