import type { TextKind } from '../pipeline/skip';

/** One message of a chat export, as every chat reader produces it, before it becomes a row. */
export interface ChatMessage {
  /**
   * ISO 8601. With an offset where the export gives the instant (Telegram, Facebook); without one where
   * it gives only the phone's wall-clock time (WhatsApp).
   */
  time: string;
  /** Display name or number as exported; empty when the export names nobody (a deleted account). */
  sender: string;
  /** The conversation's name as exported; empty when the export does not say. */
  chat: string;
  /** The message exactly as exported, a multi-line message in one string. */
  text: string;
  /** `media` placeholders and `system` lines are kept as rows and never sent for translation. */
  kind: TextKind;
  /** Where the message is in the export: `file:line` (WhatsApp), chat and message id (Telegram), array index (Facebook). */
  source: string;
  /** 1-based line of the file where the message starts; 1 when the format has no useful line (JSON). */
  line: number;
}

/** The fixed column contract of chat exports: these, then `text_<to>`, `text_lang`, `toex_status`, then {@link chatTrailingColumns}. */
export const chatColumns = ['time', 'sender', 'chat', 'text'] as const;

/** Written after the status column. */
export const chatTrailingColumns = ['source'] as const;
