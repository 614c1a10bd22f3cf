import type { Transcript } from '../transcript/transcript';

/** One segment's translation, or why there is none. */
export type SegmentTranslation = { text: string } | { failed: string };

/**
 * Translates transcript segments for `transcribeFiles({ translation })`, e.g. through `@toex/translate`'s
 * `translateTexts`. Kept as a small interface so this package does not depend on the translation one.
 */
export interface SegmentTranslator {
  /** Target language (BCP 47); the translated files are `<stem>.<to>.<ext>`. */
  to: string;
  /** One result per text, in order. A text that could not be translated is `{ failed: reason }`, never dropped. */
  translate(
    texts: readonly string[],
    from: string | undefined,
    signal?: AbortSignal,
  ): Promise<SegmentTranslation[]>;
}

/**
 * The transcript with every segment's text translated and its timings, speakers and gaps kept. A
 * segment whose translation failed says so in its text, and the count is returned.
 */
export async function translateTranscript(
  transcript: Transcript,
  translator: SegmentTranslator,
  signal?: AbortSignal,
): Promise<{ transcript: Transcript; failed: number }> {
  const indexes = transcript.segments.flatMap((segment, index) =>
    segment.gap === undefined && segment.text.trim() !== '' ? [index] : [],
  );
  const from = transcript.language === 'und' ? undefined : transcript.language;
  const results = await translator.translate(
    indexes.map((index) => transcript.segments[index]!.text),
    from,
    signal,
  );
  if (results.length !== indexes.length)
    throw new Error(`The translator returned ${results.length} results for ${indexes.length} texts.`);
  const translated = new Map(indexes.map((segmentIndex, i) => [segmentIndex, results[i]!]));
  let failed = 0;
  const segments = transcript.segments.map((segment, index) => {
    const result = translated.get(index);
    if (result === undefined) return segment;
    const { words: _words, ...rest } = segment;
    if ('failed' in result) {
      failed += 1;
      return { ...rest, text: `[TRANSLATION FAILED: ${result.failed}] ${segment.text}` };
    }
    return { ...rest, text: result.text };
  });
  return {
    transcript: {
      ...transcript,
      language: translator.to,
      segments,
      warnings: [
        ...transcript.warnings,
        {
          code: 'machine_translation',
          message: `Machine translation from ${from ?? 'the detected language'} into ${translator.to} of a machine transcript.`,
        },
        ...(failed === 0
          ? []
          : [
              {
                code: 'translations_failed',
                message: `${failed} segment(s) could not be translated; they keep the original text, marked.`,
              },
            ]),
      ],
      metadata: { ...transcript.metadata, translatedFrom: transcript.language },
    },
    failed,
  };
}
