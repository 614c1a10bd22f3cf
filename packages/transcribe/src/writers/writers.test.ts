import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../transcript/transcript';
import { parseSrtStrict, parseVttStrict } from './__fixtures__/strict-subtitle-parsers';
import { formatJson } from './json-writer';
import { formatSrt } from './srt-writer';
import { formatText } from './text-writer';
import { formatTimecode } from './timecode';
import { formatVtt } from './vtt-writer';

const interview: Transcript = {
  language: 'en-GB',
  durationSeconds: 3725.5,
  segments: [
    { start: 0.25, end: 2.5, text: 'Can you tell me where you were on Friday?', speaker: '1' },
    { start: 2.9, end: 5.004, text: 'At home. <I think> & then out.', speaker: '2' },
    { start: 5.5, end: 600, text: '', gap: { code: 'http_500', message: 'chunk 2 failed after 4 attempts' } },
    { start: 3600.1, end: 3725.9, text: 'Interview ends --> 21:14.\nTape stopped.' },
  ],
  warnings: [],
  metadata: { provider: 'test' },
};

describe('timecodes', () => {
  it('writes two-digit hours and three-digit milliseconds with the format separator', () => {
    expect(formatTimecode(0, ',')).toBe('00:00:00,000');
    expect(formatTimecode(3725.0005, '.')).toBe('01:02:05.001');
    expect(formatTimecode(59.9996, ',')).toBe('00:01:00,000');
    expect(formatTimecode(36_000, '.')).toBe('10:00:00.000');
  });
});

describe('SRT', () => {
  it('is accepted by a strict parser: numbered from 1, increasing, within the media, labelled', () => {
    const cues = parseSrtStrict(formatSrt(interview), 3_725_500);
    expect(cues[0]!.text).toContain('Machine-generated transcript');
    expect(cues.map((cue) => cue.text)).toEqual([
      expect.stringContaining('Machine-generated'),
      'Speaker 1: Can you tell me where you were on Friday?',
      'Speaker 2: At home. <I think> & then out.',
      expect.stringMatching(
        /^\[NOT TRANSCRIBED 5\.5–600\.0 s: chunk 2 failed after 4 attempts \(http_500\)\]$/,
      ),
      'Interview ends -> 21:14. Tape stopped.',
    ]);
    // The last segment ran past the media end and is clamped to it.
    expect(cues.at(-1)).toMatchObject({ start: 3_600_100, end: 3_725_500 });
  });
});

describe('WebVTT', () => {
  it('is accepted by a strict parser, with voice spans, escaped text and the label in header and NOTE', () => {
    const vtt = formatVtt(interview);
    expect(vtt.startsWith('WEBVTT - Machine-generated transcript')).toBe(true);
    expect(vtt).toMatch(/\n\nNOTE\nMachine-generated transcript/);
    const cues = parseVttStrict(vtt, 3_725_500);
    expect(cues.map((cue) => cue.text)).toEqual([
      '<v Speaker 1>Can you tell me where you were on Friday?</v>',
      '<v Speaker 2>At home. <I think> & then out.</v>',
      expect.stringContaining('[NOT TRANSCRIBED'),
      'Interview ends --> 21:14. Tape stopped.',
    ]);
    expect(vtt).toContain('01:00:00.100 --> 01:02:05.500');
  });
});

describe('text and JSON', () => {
  it('label the transcript as machine output and make a gap impossible to miss', () => {
    const text = formatText(interview);
    expect(text.split('\n')[0]).toContain('Machine-generated transcript');
    expect(text).toContain('WARNING: 1 part(s) of the recording were NOT transcribed');
    expect(text).toContain('[00:00:00.250 – 00:00:02.500] Speaker 1: Can you tell me');
    const json = JSON.parse(formatJson(interview));
    expect(json).toMatchObject({ machineOutput: true, gaps: 1, language: 'en-GB' });
    expect(json.segments).toHaveLength(4);
  });
});

describe('property: any transcript gives SRT and WebVTT a strict parser accepts', () => {
  const segment = fc
    .record({
      start: fc.double({ min: 0, max: 7200, noNaN: true }),
      length: fc.double({ min: 0, max: 30, noNaN: true }),
      text: fc.string({
        minLength: 1,
        maxLength: 40,
        unit: fc.constantFrom('a', 'Z', ' ', '\n', '<', '>', '&', '-', '>', 'é', '中', '1', ':'),
      }),
      speaker: fc.option(fc.constantFrom('0', '1', 'A', 'Officer Smith'), { nil: undefined }),
    })
    .map(({ start, length, text, speaker }) => ({
      start,
      end: start + length,
      text,
      ...(speaker === undefined ? {} : { speaker }),
    }));
  it('keeps an arrow of any length out of the cue text (fast-check seed 584508458: "--->")', () => {
    const transcript: Transcript = {
      language: 'und',
      durationSeconds: 0.5,
      segments: [{ start: 0, end: 0, text: '--->' }],
      warnings: [],
      metadata: {},
    };
    expect(parseSrtStrict(formatSrt(transcript), 500)).toHaveLength(2);
    expect(parseVttStrict(formatVtt(transcript), 500)).toHaveLength(1);
  });

  it('holds for random segments, durations and hostile text', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 30 }),
        fc.double({ min: 0.5, max: 7300, noNaN: true }),
        (segments, durationSeconds) => {
          const transcript: Transcript = {
            language: 'und',
            durationSeconds,
            segments,
            warnings: [],
            metadata: {},
          };
          const durationMs = Math.round(durationSeconds * 1000);
          const visible = segments.filter((s) => s.text.trim() !== '').length;
          expect(parseSrtStrict(formatSrt(transcript), durationMs)).toHaveLength(visible + 1);
          expect(parseVttStrict(formatVtt(transcript), durationMs)).toHaveLength(visible);
        },
      ),
      { numRuns: 300 },
    );
  });
});
