import { type FetchFunction, functionSetting, type Logger, objectSetting } from '@toex/core';
import { z } from 'zod';

/** Settings of {@link createComprehendRecognizer}. Every one is optional. */
export interface ComprehendRecognizerSettings {
  /** AWS region, e.g. `eu-west-2` (London). Default: `AWS_REGION`, then `AWS_DEFAULT_REGION`. */
  region?: string;
  /** Access key id. Default: `AWS_ACCESS_KEY_ID`. */
  accessKeyId?: string;
  /** Secret access key. Default: `AWS_SECRET_ACCESS_KEY`. */
  secretAccessKey?: string;
  /** Session token of temporary credentials. Default: `AWS_SESSION_TOKEN`, when set. */
  sessionToken?: string;
  /** Base URL. Default `https://comprehend.<region>.amazonaws.com`. */
  endpoint?: string;
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds. Default 60,000. */
  timeoutMs?: number;
  /** Receives one redacted record per HTTP request (never bodies). Default: the `TOEX_LOG` logger. */
  logger?: Logger;
  /** Retries of a throttled or failed request. Default 3. */
  maxRetries?: number;
  /** Clock for the signature's date, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Checks {@link ComprehendRecognizerSettings} at run time. */
export const comprehendRecognizerSettingsSchema: z.ZodType<ComprehendRecognizerSettings> = z.strictObject({
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-2')
    .optional(),
  accessKeyId: z.string().optional(),
  secretAccessKey: z.string().optional(),
  sessionToken: z.string().optional(),
  endpoint: z.string().optional(),
  fetch: functionSetting<FetchFunction>().optional(),
  timeoutMs: z.number().positive().optional(),
  logger: objectSetting<Logger>().optional(),
  maxRetries: z.number().int().min(0).optional(),
  now: functionSetting<() => number>().optional(),
});
