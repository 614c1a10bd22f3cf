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

describe('parseTranslateArguments --second-opinion', () => {
  it('takes a provider, a sample and a threshold', () => {
    expect(
      parseTranslateArguments([
        'chats.csv',
        '--to',
        'en',
        '--provider',
        'azure',
        '--second-opinion',
        'deepl',
        '--second-opinion-sample',
        '5',
        '--second-opinion-threshold',
        '0.4',
      ]),
    ).toMatchObject({ secondOpinion: 'deepl', secondOpinionSample: 5, secondOpinionThreshold: 0.4 });
  });

  it('asks the offline Apertium when only a sample is given', () => {
    expect(
      parseTranslateArguments([
        'chats.csv',
        '--to',
        'en',
        '--provider',
        'azure',
        '--second-opinion-sample',
        'all',
      ]),
    ).toMatchObject({ secondOpinion: 'apertium', secondOpinionSample: 'all' });
  });

  it('has no second opinion unless asked', () => {
    expect(parseTranslateArguments(['chats.csv', '--to', 'en']).secondOpinion).toBeUndefined();
  });

  it('refuses the main provider as its own second opinion, a bad sample and a bad threshold', () => {
    expect(() =>
      parseTranslateArguments(['chats.csv', '--to', 'en', '--second-opinion', 'apertium']),
    ).toThrow(/another provider than --provider \(apertium\)/);
    expect(() =>
      parseTranslateArguments([
        'chats.csv',
        '--to',
        'en',
        '--second-opinion',
        'azure',
        '--second-opinion-sample',
        '0',
      ]),
    ).toThrow(/all or a whole number/);
    expect(() =>
      parseTranslateArguments([
        'chats.csv',
        '--to',
        'en',
        '--second-opinion',
        'azure',
        '--second-opinion-threshold',
        '2',
      ]),
    ).toThrow(/from 0 to 1/);
  });
});
