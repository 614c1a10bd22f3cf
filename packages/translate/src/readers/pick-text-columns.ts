import { InputError } from '@toex/core';
import type { TextColumn, TextColumnChoice } from './source-row';

/** Options for {@link pickTextColumns}. */
export interface PickTextColumnsOptions {
  /** Column names in file order. */
  header: readonly string[];
  /** The first rows of the file, cells in header order (a few hundred are plenty; short rows are fine). */
  sample: ReadonlyArray<readonly string[]>;
  /**
   * Columns to translate instead of choosing (`--column`, repeatable). Matched to header names ignoring case
   * and surrounding spaces; every column of that name is taken. A number that matches no name is a 1-based
   * column position.
   */
  requested?: readonly string[];
  /** The input as named in error messages. */
  file?: string;
  /** What a column is called in messages: `column` for CSV, `field` for JSONL. Defaults to `column`. */
  noun?: 'column' | 'field';
}

/**
 * Chooses the column holding the messages to translate, or resolves the columns the user asked for.
 *
 * Without `requested`, every column is scored on its name and its sampled values and the best one is
 * chosen:
 * - **name**: a usual message-column name (`Body`, `Message`, `Message Body`, `Text`, `Content`, `Msg`,
 *   `Snippet`, and their Spanish, French, German, Portuguese, Italian, Dutch, Polish, Turkish, Russian,
 *   Arabic, Chinese, Japanese and Korean forms) scores high, a name containing such a word scores a little,
 *   and a name naming metadata (`Date`, `Time`, `From`, `Status`, `ID`, `Phone`…) scores negative;
 * - **values**: the share of non-empty values that read as sentences (mostly letters, not a number, date,
 *   time, phone number, e-mail, URL or identifier), how long they are (words, or characters for Chinese and
 *   Japanese), and how varied (a status column repeats a few values).
 *
 * Throws `InputError` `no_such_column` (naming the available columns) for a requested column that does not
 * exist, and `no_text_column` when no column looks like text.
 */
export function pickTextColumns(options: PickTextColumnsOptions): TextColumnChoice {
  if (options.requested !== undefined && options.requested.length > 0) return resolveRequested(options);

  const scored = options.header.map((name, index) => {
    const values = options.sample.map((row) => row[index] ?? '');
    const nameScore = scoreName(name);
    const valueScore = scoreValues(values);
    return { name, index, nameScore, valueScore, total: valueScore.score * 2 + nameScore * 1.2 };
  });
  const ranked = [...scored].sort((left, right) => right.total - left.total || left.index - right.index);
  const best = ranked[0];
  const noun = options.noun ?? 'column';
  if (best === undefined || best.total < 0.6) {
    throw new InputError({
      code: 'no_text_column',
      file: options.file,
      message:
        `no ${noun} looks like message text (${options.sample.length} rows sampled). ` +
        `Pass --${noun} with the ${noun} to translate; the ${noun}s are ${listNames(options.header)}.`,
    });
  }

  const why: string[] = [];
  if (best.nameScore >= 1) why.push('a usual name for message text');
  const { messageLike, nonEmpty } = best.valueScore;
  if (nonEmpty === 0) why.push(`its ${options.sample.length} sampled values are empty`);
  else why.push(`${messageLike} of ${nonEmpty} sampled non-empty values read as sentences`);
  const runnerUp = ranked[1];
  const next = runnerUp !== undefined && runnerUp.total >= 0.6 ? `; next best "${runnerUp.name}"` : '';
  return {
    columns: [{ name: best.name, index: best.index }],
    reason: `${noun} "${best.name}": ${why.join(', ')}${next}. Pass --${noun} to choose another.`,
  };
}

function resolveRequested(options: PickTextColumnsOptions): TextColumnChoice {
  const noun = options.noun ?? 'column';
  const normalisedHeader = options.header.map(normaliseName);
  const chosen: TextColumn[] = [];
  for (const requested of options.requested ?? []) {
    const wanted = normaliseName(requested);
    let matches = normalisedHeader.flatMap((name, index) => (name === wanted ? [index] : []));
    const position = /^\d+$/.test(wanted) ? Number(wanted) : Number.NaN;
    if (matches.length === 0 && position >= 1 && position <= options.header.length) matches = [position - 1];
    if (matches.length === 0) {
      const suggestion = closestName(wanted, options.header);
      throw new InputError({
        code: 'no_such_column',
        file: options.file,
        column: requested,
        message:
          `there is no ${noun} "${requested}".${suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`} ` +
          `The ${noun}s are ${listNames(options.header)} (case does not matter).`,
      });
    }
    for (const index of matches) {
      if (!chosen.some((column) => column.index === index))
        chosen.push({ name: options.header[index] ?? '', index });
    }
  }
  const names = chosen.map((column) => `"${column.name}"`).join(', ');
  return { columns: chosen, reason: `${noun}${chosen.length === 1 ? '' : 's'} ${names}, as requested` };
}

function normaliseName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .normalize('NFKC')
    .toLowerCase();
}

// biome-ignore format: a word list reads best packed
const strongNames = new Set([
  'body', 'message', 'messages', 'message body', 'message text', 'body text', 'text', 'content', 'contents', 'msg', 'snippet',
  'mensaje', 'mensajes', 'texto', 'contenido', 'cuerpo', 'cuerpo del mensaje', 'texto del mensaje',
  'texte', 'contenu', 'corps', 'corps du message', 'nachricht', 'nachrichtentext', 'inhalt',
  'mensagem', 'conteúdo', 'corpo', 'messaggio', 'testo', 'contenuto', 'bericht', 'tekst', 'inhoud',
  'wiadomość', 'treść', 'mesaj', 'metin', 'сообщение', 'текст', 'содержание',
  'الرسالة', 'رسالة', 'النص', 'نص', 'المحتوى', '消息', '消息内容', '内容', '正文', '文本', '訊息', 'メッセージ', '本文', '메시지', '내용',
]);

// biome-ignore format: a word list reads best packed
const hintWords = new Set([
  'message', 'messages', 'body', 'text', 'content', 'msg', 'snippet', 'preview', 'caption', 'comment', 'comments',
  'transcript', 'transcription', 'note', 'notes', 'subject', 'mensaje', 'texto', 'contenido', 'cuerpo', 'nachricht',
  'inhalt', 'texte', 'contenu', 'mensagem', 'messaggio', 'testo', 'bericht', 'tekst', 'сообщение', 'текст',
]);

// biome-ignore format: a word list reads best packed
const metadataWords = new Set([
  'id', 'identifier', 'uid', 'guid', 'uuid', 'date', 'time', 'timestamp', 'datetime', 'number', 'no', 'phone', 'tel',
  'msisdn', 'imei', 'imsi', 'from', 'to', 'sender', 'recipient', 'recipients', 'party', 'parties', 'participant',
  'participants', 'status', 'direction', 'type', 'kind', 'source', 'account', 'deleted', 'attachment', 'attachments',
  'carved', 'decoded', 'label', 'platform', 'location', 'latitude', 'longitude', 'read', 'delivered', 'sent',
  'received', 'priority', 'cc', 'bcc', 'tag', 'url', 'uri', 'path', 'file', 'filename', 'hash', 'md5', 'sha1',
  'sha256', 'size', 'duration', 'count', 'thread', 'chat', 'app', 'application', 'service', 'folder', 'fecha', 'hora',
  'remitente', 'destinatario', 'estado', 'tipo', 'starred',
]);

/**
 * True when a column name says it holds message text: a usual message-column name (`Body`, `Message`,
 * `Message Body`, `Text`… in the languages above) or a name containing such a word and no metadata word.
 * Used where a column must be named for its text to be translated (the sheets of a workbook).
 */
export function isMessageColumnName(name: string): boolean {
  return scoreName(name) > 0;
}

/** 1 for a usual message-column name, 0.5 for a name containing a message word, -0.5 for metadata, else 0. */
function scoreName(name: string): number {
  const normalised = normaliseName(name).replace(/[\s#:]+$/, '');
  if (strongNames.has(normalised)) return 1;
  const words = normalised.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  if (words.some((word) => metadataWords.has(word))) return -0.5;
  if (words.some((word) => hintWords.has(word))) return 0.5;
  return 0;
}

interface ValueScore {
  /** 0–1: how much the values read like messages. */
  score: number;
  nonEmpty: number;
  messageLike: number;
}

// Numbers, dates, times, durations, phone numbers.
const numericValue = /^[\s\d.,:;/+\-()%#*]*$/;
const emailValue = /^[^\s@]+@[^\s@]+$/;
const urlValue = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+$/i;
// Identifiers and file names: one token with digits, like a message id, a WhatsApp JID or IMG-20230312-WA0001.jpg.
const identifierValue = /^(?=\S*\d)[\p{L}\p{N}_\-:.@/\\]+$/u;
const ideographs = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

function scoreValues(values: readonly string[]): ValueScore {
  let nonEmpty = 0;
  let messageLike = 0;
  let units = 0;
  const distinct = new Set<string>();
  for (const value of values) {
    const text = value.trim();
    if (text === '') continue;
    nonEmpty++;
    distinct.add(text);
    if (numericValue.test(text) || emailValue.test(text) || urlValue.test(text) || identifierValue.test(text))
      continue;
    const letters = text.match(/\p{L}/gu)?.length ?? 0;
    if (letters < 2 || letters < text.length * 0.4) continue;
    messageLike++;
    // Chinese and Japanese have no spaces: two characters carry about a word.
    const ideographCount = text.match(ideographs)?.length ?? 0;
    units += (text.match(/\S+/g)?.length ?? 0) + ideographCount / 2;
  }
  if (nonEmpty === 0 || messageLike === 0) return { score: 0, nonEmpty, messageLike };
  const share = messageLike / nonEmpty;
  const length = Math.min(1, units / messageLike / 3);
  const variety = distinct.size / nonEmpty;
  return { score: share * length * (0.4 + 0.6 * variety), nonEmpty, messageLike };
}

function listNames(header: readonly string[]): string {
  const shown = header.slice(0, 60).map((name) => `"${name}"`);
  const more = header.length > 60 ? ` and ${header.length - 60} more` : '';
  return `${shown.join(', ')}${more}`;
}

/** The header name closest to `wanted` (within a few edits, or containing it), for a "did you mean". */
function closestName(wanted: string, header: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of header) {
    const normalised = normaliseName(name);
    if (normalised === '') continue;
    // Containment only counts for real words: "to" is inside "texto" but is no suggestion for it.
    const contains =
      Math.min(normalised.length, wanted.length) >= 4 &&
      (normalised.includes(wanted) || wanted.includes(normalised));
    const distance = contains ? 1 : editDistance(wanted, normalised);
    if (
      distance <= Math.max(2, Math.floor(wanted.length / 4)) &&
      (best === undefined || distance < best.distance)
    ) {
      best = { name, distance };
    }
  }
  return best?.name;
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}
