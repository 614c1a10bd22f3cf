/**
 * The date-and-time stamp that starts every message line of a WhatsApp "Export chat" file, in any of the
 * layouts phones write: Android `12/03/2023, 14:05 - `, iOS `[12/03/2023, 14:05:09] `, dots or dashes in
 * the date, a word between date and time (`klo`), 12-hour clocks with `PM`, `p. m.` or `p.m.`, and the
 * invisible marks iOS and recent Android versions insert (U+200E before the line, U+00A0/U+202F before AM/PM).
 */
export interface WhatsAppStamp {
  /** The three numbers of the date as written, in the written order. */
  date: readonly [string, string, string];
  hour: number;
  minute: number;
  /** Absent when the layout has no seconds (Android). */
  second?: number;
  /** `a` or `p` for a 12-hour clock; absent for a 24-hour clock. */
  meridiem?: 'a' | 'p';
  /** iOS writes the stamp in square brackets. */
  bracketed: boolean;
  /**
   * The stamp's punctuation (brackets, date and time separators, what follows it), e.g. `/:-` for
   * `12/03/2023, 14:05 - `. A phone writes one shape for a whole file, so a line of another shape
   * inside a message is text, not a new message.
   */
  shape: string;
  /** Everything after the stamp: `Sender: text` or a system line. */
  rest: string;
}

// Marks a phone may put before the stamp: LRM, RLM and the bidi embeddings.
const leadingMarks = '[\\u200E\\u200F\\u202A-\\u202E]*';
const stampPattern = new RegExp(
  `^${leadingMarks}(\\[)?(\\d{1,4})([-/.])\\s?(\\d{1,4})[-/.]\\s?(\\d{1,4})\\.?,?\\s\\D{0,8}?` +
    `(\\d{1,2})([.:])(\\d{2})(?:[.:](\\d{2}))?` +
    `(?:[\\s\\u00A0\\u202F]?([AaPp])\\.?[\\s\\u00A0\\u202F]?[Mm]\\.?)?` +
    // A space, never a tab: a tab-separated file whose first column is a date is not a chat export.
    `(\\])?(\\s-|:)?[ \\u00A0]`,
);

/** Parses the stamp at the start of `line`, or returns `undefined` for a line that continues a message. */
export function parseWhatsAppStamp(line: string): WhatsAppStamp | undefined {
  const match = stampPattern.exec(line);
  if (match === null) return undefined;
  const [whole, open, a, dateSeparator, b, c, hour, timeSeparator, minute, second, meridiem, close, after] =
    match;
  // An opening bracket must close: `[` alone is text that happens to start with a date.
  if ((open === undefined) !== (close === undefined)) return undefined;
  const stamp: WhatsAppStamp = {
    date: [a!, b!, c!],
    hour: Number(hour),
    minute: Number(minute),
    bracketed: open !== undefined,
    shape: `${open ?? ''}${dateSeparator}${timeSeparator}${after?.trim() ?? ''}`,
    rest: line.slice(whole.length),
  };
  if (second !== undefined) stamp.second = Number(second);
  if (meridiem !== undefined) stamp.meridiem = meridiem.toLowerCase() as 'a' | 'p';
  if (stamp.hour > 23 || stamp.minute > 59 || (stamp.second ?? 0) > 59) return undefined;
  return stamp;
}

/** Which of the two non-year numbers of a date is the day. */
export type DateOrder = 'day-first' | 'month-first';

/**
 * Gathers what a file's dates say about day/month order. Phones write one order per file, so it is
 * decided once from every date seen: a first number above 12 means day-first, a second above 12
 * month-first. When nothing settles it, a 12-hour clock suggests a US (month-first) phone.
 */
export class DateOrderEvidence {
  private dayFirstOnly = 0;
  private monthFirstOnly = 0;
  private example: { dayFirst?: string; monthFirst?: string } = {};
  private twelveHour = 0;
  private dates = 0;
  private readonly shapes = new Map<string, number>();

  /** Records one stamp. */
  add(stamp: WhatsAppStamp): void {
    this.dates += 1;
    this.shapes.set(stamp.shape, (this.shapes.get(stamp.shape) ?? 0) + 1);
    if (stamp.meridiem !== undefined) this.twelveHour += 1;
    const pair = dayMonthPair(stamp.date);
    if (pair === undefined) return;
    const [first, second] = pair;
    const written = stamp.date.join('/');
    if (first > 12 && second <= 12) {
      this.dayFirstOnly += 1;
      this.example.dayFirst ??= written;
    } else if (second > 12 && first <= 12) {
      this.monthFirstOnly += 1;
      this.example.monthFirst ??= written;
    }
  }

  /**
   * The stamp shapes that start messages in this file: every shape of at least 5% of the stamps. A
   * rarer one is a line inside a message that happens to start with a date (a pasted excerpt, a note).
   */
  messageShapes(): ReadonlySet<string> {
    return new Set([...this.shapes].filter(([, count]) => count * 20 >= this.dates).map(([shape]) => shape));
  }

  /** The order to use, with the reason in words for the layout line, and whether the dates disagreed. */
  decide(): { order: DateOrder; reason: string; contradictory: boolean } {
    const { dayFirstOnly, monthFirstOnly } = this;
    if (dayFirstOnly > 0 && monthFirstOnly === 0) {
      return {
        order: 'day-first',
        reason: `day-first: ${this.example.dayFirst} has a first number above 12`,
        contradictory: false,
      };
    }
    if (monthFirstOnly > 0 && dayFirstOnly === 0) {
      return {
        order: 'month-first',
        reason: `month-first: ${this.example.monthFirst} has a second number above 12`,
        contradictory: false,
      };
    }
    if (dayFirstOnly > 0 && monthFirstOnly > 0) {
      const order: DateOrder = dayFirstOnly >= monthFirstOnly ? 'day-first' : 'month-first';
      return {
        order,
        reason:
          `${order}, by majority: ${dayFirstOnly} dates read only day-first (e.g. ${this.example.dayFirst}) ` +
          `and ${monthFirstOnly} only month-first (e.g. ${this.example.monthFirst}); check the times`,
        contradictory: true,
      };
    }
    const twelveHour = this.twelveHour * 2 > this.dates;
    return {
      order: twelveHour ? 'month-first' : 'day-first',
      reason: twelveHour
        ? 'month-first, assumed: no day is above 12, and a 12-hour clock is usual with US-style dates'
        : 'day-first, assumed: no day is above 12, and a 24-hour clock is usual with day-first dates',
      contradictory: false,
    };
  }
}

/** The two non-year numbers of a date, in written order; `undefined` when the year comes first (Y/M/D). */
function dayMonthPair(date: WhatsAppStamp['date']): [number, number] | undefined {
  const year = yearPosition(date);
  if (year === 0) return undefined;
  const others = date.filter((_, index) => index !== year).map(Number);
  return [others[0]!, others[1]!];
}

function yearPosition(date: WhatsAppStamp['date']): number {
  const long = date.findIndex((part) => part.length > 2);
  return long === -1 ? 2 : long;
}

/**
 * The stamp as ISO 8601 local time without an offset (WhatsApp writes the phone's wall-clock time and no
 * zone): `2023-03-12T14:05`, with `:SS` when the export has seconds. `undefined` for an impossible date.
 */
export function whatsAppStampToIso(stamp: WhatsAppStamp, order: DateOrder): string | undefined {
  const yearAt = yearPosition(stamp.date);
  let month: number;
  let day: number;
  if (yearAt === 0) {
    month = Number(stamp.date[1]);
    day = Number(stamp.date[2]);
  } else {
    const [first, second] = dayMonthPair(stamp.date)!;
    [day, month] = order === 'day-first' ? [first, second] : [second, first];
  }
  const writtenYear = stamp.date[yearAt]!;
  const year = writtenYear.length <= 2 ? 2000 + Number(writtenYear) : Number(writtenYear);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  let hour = stamp.hour;
  if (stamp.meridiem !== undefined) {
    if (hour > 12) return undefined;
    hour = (hour % 12) + (stamp.meridiem === 'p' ? 12 : 0);
  }
  const time = `${pad(hour)}:${pad(stamp.minute)}${stamp.second === undefined ? '' : `:${pad(stamp.second)}`}`;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}T${time}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
