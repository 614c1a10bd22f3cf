import { inputFormats, translationProviderNames } from '@toex/translate';
import { z } from 'zod';

/** Matches names that hold secrets, so a payload carrying one is refused before it reaches Redis. */
const secretLikeName = /key|secret|token|password|credential/i;

/** An amount of money as an exact decimal string, e.g. `"25.00"`. */
const amount = z.string().regex(/^\d+(\.\d+)?$/);

/**
 * A translate job as it travels on the queue: paths on a volume the workers share, and the options of
 * `toex translate`. Never a key: workers read keys from their own environment. Validated when submitted
 * and again when a worker takes the job.
 */
export const translateJobPayloadSchema = z
  .object({
    kind: z.literal('translate'),
    /** Absolute path of the input, as the workers see it. */
    input: z.string().min(1),
    /** Absolute path of the output; the manifest is written beside it. */
    output: z.string().min(1),
    to: z.array(z.string().min(1)).min(1),
    from: z.string().min(1).optional(),
    provider: z.enum(translationProviderNames),
    /** The provider's endpoint; absent: the worker's environment (e.g. `AZURE_TRANSLATOR_ENDPOINT`) or the default. */
    endpoint: z.url().optional(),
    apiVersion: z.enum(['3.0', '2026-06-06']).optional(),
    inputFormat: z.enum(inputFormats).optional(),
    columns: z.array(z.string()).optional(),
    fields: z.array(z.string()).optional(),
    encoding: z.string().optional(),
    /** Path of a glossary CSV on the shared volume. */
    glossary: z.string().optional(),
    /** Most the job may spend, e.g. `"25.00"`, in `currency`. */
    budget: amount.optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    /** Path of a price catalogue JSON on the shared volume. */
    prices: z.string().optional(),
    /**
     * Most everything charged to `caseReference` may cost, counting the ledger's earlier lines and every
     * running job's hold, in `currency`. Needs `caseReference`, and workers with a PostgreSQL ledger.
     */
    caseBudget: amount.optional(),
    /**
     * Most everything charged to `organisation` may cost, as `caseBudget` counts it. Needs
     * `organisation`, and workers with a PostgreSQL ledger.
     */
    organisationBudget: amount.optional(),
    /** Exchange rates as `--fx` takes them, e.g. `USD:GBP=0.8145@2026-11-01`. */
    fx: z.array(z.string()).optional(),
    fxFile: z.string().optional(),
    /** Requests of this job in flight at once. */
    concurrency: z.number().int().positive().optional(),
    maxRetries: z.number().int().nonnegative().optional(),
    caseReference: z.string().min(1).optional(),
    organisation: z.string().min(1).optional(),
    /** The submitting command line, already redacted, for the manifest. */
    command: z.string().optional(),
  })
  .strict()
  .superRefine((payload, context) => {
    if (payload.caseBudget !== undefined && payload.caseReference === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['caseBudget'],
        message: 'a case budget needs the case the job is charged to (caseReference)',
      });
    }
    if (payload.organisationBudget !== undefined && payload.organisation === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['organisationBudget'],
        message: 'an organisation budget needs the organisation the job is charged to (organisation)',
      });
    }
    if (payload.endpoint !== undefined) {
      const url = new URL(payload.endpoint);
      if (
        url.username !== '' ||
        url.password !== '' ||
        [...url.searchParams.keys()].some((name) => secretLikeName.test(name))
      ) {
        context.addIssue({
          code: 'custom',
          path: ['endpoint'],
          message:
            'an endpoint in a job must not carry credentials: workers take keys from their environment',
        });
      }
    }
  });

/** A translate job's payload; see {@link translateJobPayloadSchema}. */
export type TranslateJobPayload = z.infer<typeof translateJobPayloadSchema>;

/** What every queued job's payload is: a translate job now; transcribe and entities jobs join it later. */
export const jobPayloadSchema = translateJobPayloadSchema;

/** Any queued job's payload. */
export type JobPayload = TranslateJobPayload;
