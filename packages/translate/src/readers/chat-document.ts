import type { ChatMessage } from './chat-message';
import { chatColumns, chatTrailingColumns } from './chat-message';
import type { EncodingDetection } from './detect-encoding';
import { singleUseRows } from './single-use-rows';
import type { ChatFormat, InputDocument, SourceRow } from './source-row';

const textColumnIndex = chatColumns.indexOf('text');

/** What a chat reader found, to build its {@link InputDocument} from. */
export interface ChatDocumentParts {
  format: ChatFormat;
  file: string | undefined;
  encoding: EncodingDetection;
  layout: string;
  messages: AsyncIterable<ChatMessage> | Iterable<ChatMessage>;
  close(): Promise<void>;
}

/**
 * Turns a chat reader's messages into the rows every format shares: `time`, `sender`, `chat`, `text`
 * (the one text column), and `source` after the added columns. One row per message, in export order.
 */
export function chatDocument(parts: ChatDocumentParts): InputDocument {
  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      let index = 0;
      for await (const message of parts.messages) {
        yield {
          index: index++,
          line: message.line,
          cells: [message.time, message.sender, message.chat, message.text],
          texts: [{ column: 'text', text: message.text, kind: message.kind }],
          trailingCells: [message.source],
        };
      }
    } finally {
      await parts.close();
    }
  }
  return {
    format: parts.format,
    file: parts.file,
    encoding: parts.encoding,
    preamble: [],
    header: [...chatColumns],
    textColumns: {
      columns: [{ name: 'text', index: textColumnIndex }],
      reason:
        'the message text of every chat message (media placeholders and system lines are kept, not sent)',
    },
    trailingColumns: [...chatTrailingColumns],
    layout: parts.layout,
    rows: singleUseRows(rows()),
    close: parts.close,
  };
}
