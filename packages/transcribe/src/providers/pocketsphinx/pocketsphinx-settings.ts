import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** Settings of `createPocketSphinxTranscriber`, checked with zod. */
export const pocketSphinxSettingsSchema = z.object({
  /** The decoder program; default `TOEX_POCKETSPHINX`, then `pocketsphinx_continuous` on `PATH`. */
  program: z.string().min(1).optional(),
  /** Acoustic model directory (`-hmm`); default the en-us model of Debian's `pocketsphinx-en-us`. */
  acousticModel: z.string().min(1).optional(),
  /** Language model (`-lm`). */
  languageModel: z.string().min(1).optional(),
  /** Pronunciation dictionary (`-dict`). */
  dictionary: z.string().min(1).optional(),
  /** JSGF grammar (`-jsgf`) instead of the language model: exact results for a known vocabulary. */
  grammar: z.string().min(1).optional(),
  /** Decoders run at once; default the machine's cores (each takes ~105 MB). */
  maxConcurrency: z.number().int().positive().optional(),
  /** Chunk length aimed for, in seconds. Default 300: short enough to spread over cores. */
  chunkSeconds: z.number().positive().optional(),
});

/** Settings of `createPocketSphinxTranscriber`. */
export type PocketSphinxSettings = z.input<typeof pocketSphinxSettingsSchema>;

/** Defaults applied to {@link PocketSphinxSettings}. */
export function resolvePocketSphinxSettings(
  settings: PocketSphinxSettings,
  env: Record<string, string | undefined>,
): Required<
  Pick<z.output<typeof pocketSphinxSettingsSchema>, 'program' | 'maxConcurrency' | 'chunkSeconds'>
> &
  z.output<typeof pocketSphinxSettingsSchema> {
  const parsed = pocketSphinxSettingsSchema.parse(settings);
  return {
    ...parsed,
    program: parsed.program ?? env.TOEX_POCKETSPHINX ?? 'pocketsphinx_continuous',
    maxConcurrency: parsed.maxConcurrency ?? Math.max(1, availableParallelism()),
    chunkSeconds: parsed.chunkSeconds ?? 300,
  };
}
