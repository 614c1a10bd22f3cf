import { basename } from 'node:path';
import { formatLocation, InputError } from '@toex/core';
import { chatDocument } from './chat-document';
import type { ChatMessage } from './chat-message';
import type { ChatReaderOptions } from './chat-reader-options';
import { decodeText } from './decode-text';
import { detectEncoding, type EncodingDetection } from './detect-encoding';
import { type InputSource, openInput } from './open-input';
import { replayableSource } from './replayable-source';
import type { InputDocument } from './source-row';
import { splitLines } from './split-lines';
import { WhatsAppMessages } from './whatsapp-messages';
import { DateOrderEvidence, parseWhatsAppStamp } from './whatsapp-stamp';

/**
 * Opens a WhatsApp "Export chat" `.txt` (Android or iOS, any date layout) and streams one row per
 * message, in export order, multi-line messages whole. Media placeholders and system lines are rows of
 * kind `media` / `system`, never sent.
 *
 * Two streamed passes: the first reads every date to decide day/month order once for the file (a
 * phone writes one order), the second writes the rows. Times are the phone's wall-clock time, written
 * without an offset because the export has no time zone.
 *
 * Errors: those of opening and decoding a text file, and `InputError` `not_whatsapp` when no line starts
 * with a WhatsApp date stamp.
 */
export async function readWhatsApp(
  source: InputSource,
  options: ChatReaderOptions = {},
): Promise<InputDocument> {
  const file = options.file ?? (typeof source === 'string' ? source : undefined);
  const replay = await replayableSource(source);
  const maxLineCharacters = options.maxLineCharacters ?? 1_000_000;

  const survey = await surveyDates(replay, file, options.encoding, maxLineCharacters);
  const decision = survey.evidence.decide();
  if (decision.contradictory) {
    options.onWarning?.({
      code: 'date_order',
      message: `${formatLocation({ file })}the dates disagree on day/month order; reading them ${decision.reason}.`,
      ...(file === undefined ? {} : { file }),
      line: 1,
      index: 0,
    });
  }

  const input = await openInput(replay, { file });
  const lines = splitLines(decodeText(input.chunks, survey.encoding, file), { file, maxLineCharacters });
  const sourceName = file === undefined ? 'chat.txt' : basename(file);
  const assembler = new WhatsAppMessages({
    order: decision.order,
    shapes: survey.evidence.messageShapes(),
    chat: chatNameFromFileName(sourceName),
    sourceName,
    onBadDate: (line) =>
      options.onWarning?.({
        code: 'date_order',
        message: `${formatLocation({ file, line })}the date is impossible read ${decision.order}; the message is kept with an empty time.`,
        ...(file === undefined ? {} : { file }),
        line,
        index: 0,
      }),
  });
  async function* messages(): AsyncGenerator<ChatMessage> {
    for await (const line of lines) {
      const done = assembler.push(line);
      if (done !== undefined) yield done;
    }
    const last = assembler.finish();
    if (last !== undefined) yield last;
  }
  const layout =
    `${survey.bracketed ? 'iOS' : 'Android'} layout, ${survey.twelveHour ? '12' : '24'}-hour clock; ` +
    `dates read ${decision.reason}; times are the phone's local time, written without an offset (the export has no time zone)`;
  return chatDocument({
    format: 'whatsapp',
    file,
    encoding: survey.encoding,
    layout,
    messages: messages(),
    close: async () => {
      await lines.return(undefined);
      await input.close();
    },
  });
}

interface DateSurvey {
  encoding: EncodingDetection;
  evidence: DateOrderEvidence;
  bracketed: boolean;
  twelveHour: boolean;
}

async function surveyDates(
  source: string | Uint8Array,
  file: string | undefined,
  encodingName: string | undefined,
  maxLineCharacters: number,
): Promise<DateSurvey> {
  const input = await openInput(source, { file });
  try {
    const encoding = detectEncoding(input.sample, { encoding: encodingName, file });
    const evidence = new DateOrderEvidence();
    let stamps = 0;
    let bracketed = 0;
    let twelveHour = 0;
    for await (const line of splitLines(decodeText(input.chunks, encoding, file), {
      file,
      maxLineCharacters,
    })) {
      const stamp = parseWhatsAppStamp(line.text);
      if (stamp === undefined) continue;
      evidence.add(stamp);
      stamps += 1;
      if (stamp.bracketed) bracketed += 1;
      if (stamp.meridiem !== undefined) twelveHour += 1;
    }
    if (stamps === 0) {
      throw new InputError({
        code: 'not_whatsapp',
        file,
        message:
          'no line starts with a WhatsApp date stamp such as "12/03/2023, 14:05 - " or "[12/03/2023, 14:05:09] ". ' +
          'Check the file, or pass --input-format text to read it one line per row.',
      });
    }
    return { encoding, evidence, bracketed: bracketed * 2 > stamps, twelveHour: twelveHour * 2 > stamps };
  } finally {
    await input.close();
  }
}

/** `WhatsApp Chat with Ana Pérez.txt` → `Ana Pérez`; iOS's `_chat.txt` and other names say nothing. */
export function chatNameFromFileName(name: string): string {
  return /^WhatsApp Chat (?:with|-) (.+)\.txt$/i.exec(name)?.[1] ?? '';
}
