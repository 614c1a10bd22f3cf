import type { ChatFormat } from './source-row';
import { parseWhatsAppStamp } from './whatsapp-stamp';

/** A chat format recognised from a file's first bytes, and the evidence in words. */
export interface DetectedChatFormat {
  format: ChatFormat;
  /** E.g. `recognised from the content: line 1 starts with a WhatsApp date stamp`. */
  reason: string;
}

const latin = new TextDecoder('utf-8');
const telegramMarks =
  /"date_unixtime"\s*:|"text_entities"\s*:|"type"\s*:\s*"(?:personal_chat|bot_chat|private_group|private_supergroup|public_supergroup|private_channel|public_channel|saved_messages)"/;
const facebookMarks = /"sender_name"\s*:/;
const facebookThreadMarks = /"timestamp_ms"\s*:|"participants"\s*:|"thread_path"\s*:/;

/**
 * Recognises a chat export from the first bytes of a file, whatever its name: a WhatsApp `.txt` by the
 * date stamp its first line starts with; Telegram's `result.json` and Facebook's `message_N.json` by
 * field names only they use. A JSON Lines file (each line a whole JSON value) is never taken for a chat
 * export, even with the same field names. Returns `undefined` when the content names no chat format.
 */
export function detectChatFormat(sample: Uint8Array): DetectedChatFormat | undefined {
  const text = latin.decode(sample).replace(/^\uFEFF/, '');
  const lines = text.split(/\r\n|\r|\n/);
  const firstIndex = lines.findIndex((line) => line.trim() !== '');
  if (firstIndex === -1) return undefined;
  const first = lines[firstIndex]!;
  const stamp = parseWhatsAppStamp(first);
  if (stamp !== undefined) {
    return {
      format: 'whatsapp',
      reason: `recognised from the content: line ${firstIndex + 1} starts with a WhatsApp date stamp`,
    };
  }
  // iOS stamps start with `[` too: only now can a leading bracket or brace mean JSON.
  if (first.trimStart().startsWith('{') || first.trimStart().startsWith('[')) {
    if (isWholeJson(first)) return undefined;
    if (facebookMarks.test(text) && facebookThreadMarks.test(text)) {
      return {
        format: 'facebook',
        reason: 'recognised from the content: JSON with "sender_name" and "timestamp_ms" fields',
      };
    }
    if (telegramMarks.test(text)) {
      return {
        format: 'telegram',
        reason:
          'recognised from the content: JSON with Telegram Desktop fields ("date_unixtime", "text_entities" or a chat type)',
      };
    }
    return undefined;
  }
  return undefined;
}

function isWholeJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
