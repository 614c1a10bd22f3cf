import { type FetchFunction, functionSetting, type Logger, objectSetting } from '@toex/core';
import { z } from 'zod';

/** Settings of {@link createAmazonTranslator}. Every one is optional. */
export interface AmazonTranslatorSettings {
  /** AWS region, e.g. `eu-west-2` (London). Default: `AWS_REGION`, then `AWS_DEFAULT_REGION`. */
  region?: string;
  /** Access key id. Default: `AWS_ACCESS_KEY_ID`. */
  accessKeyId?: string;
  /** Secret access key. Default: `AWS_SECRET_ACCESS_KEY`. */
  secretAccessKey?: string;
  /** Session token of temporary credentials. Default: `AWS_SESSION_TOKEN`, when set. */
  sessionToken?: string;
  /** Base URL. Default `https://translate.<region>.amazonaws.com`. */
  endpoint?: string;
  /**
   * A custom terminology already imported into the region (ImportTerminology), applied to every request.
   * Amazon takes one per request.
   */
  terminologyName?: string;
  /** `FORMAL` or `INFORMAL` output where the target language has it. Default: Amazon's default. */
  formality?: 'FORMAL' | 'INFORMAL';
  /** Mask profane words in the output. Default false: evidence keeps what was said. */
  maskProfanity?: boolean;
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds. Default 60,000. */
  timeoutMs?: number;
  /** Receives one redacted record per HTTP request (never bodies). Default: the `TOEX_LOG` logger. */
  logger?: Logger;
  /** Clock for the signature's date, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Checks {@link AmazonTranslatorSettings} at run time. */
export const amazonTranslatorSettingsSchema: z.ZodType<AmazonTranslatorSettings> = z.strictObject({
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-2')
    .optional(),
  accessKeyId: z.string().optional(),
  secretAccessKey: z.string().optional(),
  sessionToken: z.string().optional(),
  endpoint: z.string().optional(),
  terminologyName: z.string().min(1).optional(),
  formality: z.enum(['FORMAL', 'INFORMAL']).optional(),
  maskProfanity: z.boolean().optional(),
  fetch: functionSetting<FetchFunction>().optional(),
  timeoutMs: z.number().positive().optional(),
  logger: objectSetting<Logger>().optional(),
  now: functionSetting<() => number>().optional(),
});
