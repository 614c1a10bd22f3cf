import type { ChatMessage } from './chat-message';
import type { PhysicalLine } from './split-lines';
import { classifyWhatsAppText, parseWhatsAppBody, type WhatsAppBody } from './whatsapp-body';
import {
  type DateOrder,
  DateOrderEvidence,
  parseWhatsAppStamp,
  type WhatsAppStamp,
  whatsAppStampToIso,
} from './whatsapp-stamp';

/** What {@link WhatsAppMessages} needs to know about the file. */
export interface WhatsAppMessagesOptions {
  /** Day/month order, decided beforehand from every date of the file. */
  order: DateOrder;
  /** Stamp shapes that start a message (see `DateOrderEvidence.messageShapes`); any when absent. */
  shapes?: ReadonlySet<string>;
  /** The chat's name, for the `chat` column. */
  chat: string;
  /** The file name used in `source` references (`name.txt:12`). */
  sourceName: string;
  /** Told about a stamp whose date is impossible in the chosen order; the message is kept without a time. */
  onBadDate?: (line: number, stamp: WhatsAppStamp) => void;
}

interface Pending {
  stamp: WhatsAppStamp | undefined;
  body: WhatsAppBody;
  line: number;
}

/**
 * Assembles physical lines into messages: a line starting with a stamp starts a message, any other line
 * continues the one before (a multi-line message keeps its line breaks as `\n`). Lines before the first
 * stamp become one message with no time or sender, so nothing read is dropped.
 *
 * Push lines in order; each push returns the message the line completed, if any; call `finish` at the end.
 */
export class WhatsAppMessages {
  private pending: Pending | undefined;

  constructor(private readonly options: WhatsAppMessagesOptions) {}

  /** Takes the next line; returns the previous message when this line starts a new one. */
  push(line: PhysicalLine): ChatMessage | undefined {
    const parsed = parseWhatsAppStamp(line.text);
    const stamp =
      parsed !== undefined && this.options.shapes?.has(parsed.shape) === false ? undefined : parsed;
    if (stamp === undefined) {
      if (this.pending === undefined) {
        this.pending = {
          stamp: undefined,
          body: { sender: '', text: line.text, hasSender: true },
          line: line.line,
        };
      } else this.pending.body.text += `\n${line.text}`;
      return undefined;
    }
    const done = this.flush();
    this.pending = { stamp, body: parseWhatsAppBody(stamp.rest), line: line.line };
    return done;
  }

  /** The last message, after the last line. */
  finish(): ChatMessage | undefined {
    return this.flush();
  }

  private flush(): ChatMessage | undefined {
    const pending = this.pending;
    if (pending === undefined) return undefined;
    this.pending = undefined;
    let time = '';
    if (pending.stamp !== undefined) {
      const iso = whatsAppStampToIso(pending.stamp, this.options.order);
      if (iso === undefined) this.options.onBadDate?.(pending.line, pending.stamp);
      time = iso ?? '';
    }
    return {
      time,
      sender: pending.body.sender,
      chat: this.options.chat,
      text: pending.body.text,
      kind: classifyWhatsAppText(pending.body),
      source: `${this.options.sourceName}:${pending.line}`,
      line: pending.line,
    };
  }
}

/** Parses a whole export held in memory (tests, small inputs): every message, in order. */
export function parseWhatsAppText(
  text: string,
  options: Omit<WhatsAppMessagesOptions, 'order' | 'shapes'> & { order?: DateOrder },
): ChatMessage[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const evidence = new DateOrderEvidence();
  for (const line of lines) {
    const stamp = parseWhatsAppStamp(line);
    if (stamp !== undefined) evidence.add(stamp);
  }
  const order = options.order ?? evidence.decide().order;
  const messages = new WhatsAppMessages({ ...options, order, shapes: evidence.messageShapes() });
  const result: ChatMessage[] = [];
  lines.forEach((line, index) => {
    const done = messages.push({ text: line, line: index + 1 });
    if (done !== undefined) result.push(done);
  });
  const last = messages.finish();
  if (last !== undefined) result.push(last);
  return result;
}
