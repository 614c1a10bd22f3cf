import { z } from 'zod';

// Fast transcription response, 2024-11-15:
// https://learn.microsoft.com/azure/ai-services/speech-service/fast-transcription-create
export const azureFastResponseSchema = z.object({
  durationMilliseconds: z.number().optional(),
  combinedPhrases: z.array(z.object({ channel: z.number().optional(), text: z.string() })).optional(),
  phrases: z.array(
    z.object({
      channel: z.number().optional(),
      speaker: z.number().optional(),
      offsetMilliseconds: z.number(),
      durationMilliseconds: z.number(),
      text: z.string(),
      words: z
        .array(
          z.object({ text: z.string(), offsetMilliseconds: z.number(), durationMilliseconds: z.number() }),
        )
        .optional(),
      locale: z.string().optional(),
      confidence: z.number().optional(),
    }),
  ),
});

// Batch transcription job, 2024-11-15:
// https://learn.microsoft.com/azure/ai-services/speech-service/batch-transcription-create and -get
export const azureBatchJobSchema = z.object({
  self: z.string(),
  status: z.enum(['NotStarted', 'Running', 'Succeeded', 'Failed']),
  links: z.object({ files: z.string().optional() }).optional(),
  properties: z
    .object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }).optional() })
    .optional(),
});

export const azureBatchFilesSchema = z.object({
  values: z.array(
    z.object({ name: z.string().optional(), kind: z.string(), links: z.object({ contentUrl: z.string() }) }),
  ),
  '@nextLink': z.string().optional(),
});

export const azureBatchResultSchema = z.object({
  durationInTicks: z.number().optional(),
  recognizedPhrases: z.array(
    z.object({
      recognitionStatus: z.string(),
      channel: z.number().optional(),
      speaker: z.number().optional(),
      offsetInTicks: z.number(),
      durationInTicks: z.number(),
      locale: z.string().optional(),
      nBest: z.array(
        z.object({
          confidence: z.number().optional(),
          display: z.string(),
          displayWords: z
            .array(
              z.object({ displayText: z.string(), offsetInTicks: z.number(), durationInTicks: z.number() }),
            )
            .optional(),
        }),
      ),
    }),
  ),
});

/** 1 tick = 100 ns. */
export const TICKS_PER_SECOND = 10_000_000;
