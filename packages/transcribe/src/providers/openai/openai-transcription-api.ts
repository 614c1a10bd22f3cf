import { z } from 'zod';

// The `verbose_json` transcription (`TranscriptionVerbose` in openai/openai-node
// src/resources/audio/transcriptions.ts): times in seconds; `usage` on newer deployments only.
// https://platform.openai.com/docs/api-reference/audio/createTranscription
export const openAiVerboseTranscriptionSchema = z.object({
  text: z.string(),
  language: z.string().optional(),
  duration: z.number().optional(),
  segments: z
    .array(
      z.object({
        start: z.number(),
        end: z.number(),
        text: z.string(),
        avg_logprob: z.number().optional(),
        no_speech_prob: z.number().optional(),
        speaker: z.string().optional(),
      }),
    )
    .optional(),
  words: z.array(z.object({ word: z.string(), start: z.number(), end: z.number() })).optional(),
  usage: z.object({ type: z.string(), seconds: z.number().optional() }).optional(),
});

/** The `verbose_json` response body. */
export type OpenAiVerboseTranscription = z.infer<typeof openAiVerboseTranscriptionSchema>;
