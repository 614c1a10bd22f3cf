import { fileURLToPath } from 'node:url';
import type { InputDocument } from '../readers/source-row';

/** A chat row as the tests compare it: the contract columns and the text's kind. */
export interface ChatRow {
  time: string;
  sender: string;
  chat: string;
  text: string;
  kind: string;
  source: string;
}

/** Reads every row of a chat document. */
export async function chatRows(document: InputDocument): Promise<ChatRow[]> {
  const rows: ChatRow[] = [];
  for await (const row of document.rows) {
    const [time = '', sender = '', chat = '', text = ''] = row.cells;
    rows.push({
      time,
      sender,
      chat,
      text,
      kind: row.texts[0]?.kind ?? 'message',
      source: row.trailingCells?.[0] ?? '',
    });
  }
  return rows;
}

/** The path of a chat fixture. */
export function chatFixture(name: string): string {
  return fileURLToPath(new URL(`./chats/${name}`, import.meta.url));
}
