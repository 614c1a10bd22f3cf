import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error';
import { parseTranslateArguments } from './translate-arguments';

describe('parseTranslateArguments --input-format', () => {
  it.each(['whatsapp', 'telegram', 'facebook', 'csv', 'xlsx', 'jsonl', 'text'])('accepts %s', (format) => {
    expect(parseTranslateArguments(['chat.txt', '--to', 'en', '--input-format', format]).inputFormat).toBe(
      format,
    );
  });

  it('takes --format as an alias, so scripts written for either work', () => {
    expect(parseTranslateArguments(['chat.txt', '--to', 'en', '--format', 'WhatsApp']).inputFormat).toBe(
      'whatsapp',
    );
  });

  it('leaves the format to detection when neither is given', () => {
    expect(parseTranslateArguments(['chat.txt', '--to', 'en']).inputFormat).toBeUndefined();
  });

  it('refuses an unknown format, listing the known ones', () => {
    expect(() => parseTranslateArguments(['chat.txt', '--to', 'en', '--input-format', 'signal'])).toThrow(
      /unknown input format "signal"\. Choose one of: whatsapp, telegram, facebook, csv, xlsx, jsonl, text\./,
    );
  });

  it('refuses --format and --input-format that disagree', () => {
    expect(() =>
      parseTranslateArguments(['chat.txt', '--to', 'en', '--format', 'csv', '--input-format', 'text']),
    ).toThrow(UsageError);
  });
});
