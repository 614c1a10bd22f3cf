import { z } from 'zod';

// Wire shapes of Amazon Comprehend `DetectEntities` (AWS JSON 1.1)
// (https://docs.aws.amazon.com/comprehend/latest/APIReference/API_DetectEntities.html).

/** `X-Amz-Target` of DetectEntities. */
export const COMPREHEND_DETECT_ENTITIES_TARGET = 'Comprehend_20171127.DetectEntities';

/**
 * Largest `Text` of DetectEntities: 100 KB of UTF-8
 * (https://docs.aws.amazon.com/comprehend/latest/dg/guidelines-and-limits.html).
 */
export const COMPREHEND_MAX_TEXT_BYTES = 100_000;

/** The request body. */
export interface ComprehendDetectEntitiesRequest {
  Text: string;
  LanguageCode: string;
}

/** DetectEntities success: `{"Entities":[{"BeginOffset":0,"EndOffset":10,"Score":0.99,"Text":"…","Type":"PERSON"}]}`. */
export const comprehendDetectEntitiesResponseSchema = z.object({
  Entities: z.array(
    z.object({
      BeginOffset: z.number().int().min(0),
      EndOffset: z.number().int().min(0),
      Score: z.number().nullish(),
      Text: z.string().nullish(),
      Type: z.string(),
    }),
  ),
});
