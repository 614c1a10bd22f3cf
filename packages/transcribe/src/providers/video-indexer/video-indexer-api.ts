import { z } from 'zod';

// POST …/generateAccessToken (ARM): https://learn.microsoft.com/rest/api/videoindexer/generate/access-token
export const accessTokenResponseSchema = z.object({ accessToken: z.string().min(1) });

// POST /{location}/Accounts/{accountId}/Videos: the created video's id (upload-index-media.md).
export const uploadResponseSchema = z.object({ id: z.string().min(1), state: z.string().optional() });

const transcriptLineSchema = z.object({
  id: z.number().optional(),
  text: z.string(),
  confidence: z.number().optional(),
  speakerId: z.number().optional(),
  language: z.string().optional(),
  instances: z.array(z.object({ start: z.string(), end: z.string() })).min(1),
});

// GET …/Videos/{id}/Index: video-indexer-output-json-v2.md, transcription-translation-lid-insight.md.
export const videoIndexSchema = z.object({
  state: z.string(),
  videos: z
    .array(
      z.object({
        state: z.string().optional(),
        processingProgress: z.string().optional(),
        failureCode: z.string().optional(),
        failureMessage: z.string().optional(),
        insights: z
          .object({
            sourceLanguage: z.string().optional(),
            duration: z.string().optional(),
            transcript: z.array(transcriptLineSchema).optional(),
          })
          .optional(),
      }),
    )
    .default([]),
});

/** Index states: `Uploaded`, `Processing`, `Processed`, `Failed`, `Quarantined`. */
export const FINAL_STATES = new Set(['Processed', 'Failed', 'Quarantined']);

/**
 * Seconds from Video Indexer's `H:MM:SS.fffffff` time strings ("0:00:10.21", "00:00:07.2400000"),
 * whose fraction varies in length.
 */
export function parseIndexerTime(text: string): number {
  const match = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(text.trim());
  if (match === null) throw new Error(`not a Video Indexer time: "${text}"`);
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}
