import { z } from 'zod';
import { jobKinds } from '../events/job-kind';

/**
 * The manifest format version written by this release. 2 added `settings` (what the job was asked to do)
 * and `provider.engine` (the engine and its data, as precisely as they can be known); 3 added
 * `qualityFlags` (rows per quality flag) and `additionalProviders` (a second provider's work, e.g. a
 * translation's second opinion, with its own billing and cost). Versions 1 and 2 are still read.
 */
export const MANIFEST_SCHEMA_VERSION = 3;

/** The warning every manifest carries, because every toex output is machine-generated. */
export const MACHINE_OUTPUT_NOTICE =
  'Machine-generated output. Not verified by a human translator or transcriber; check it before evidential use.';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in 64 lower-case hex digits');
const decimalString = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal string such as "12.50"');
const utcTimestamp = z.iso.datetime({
  message: 'must be an ISO-8601 UTC timestamp such as 2026-11-22T09:30:00.000Z',
});
const count = z.number().int().nonnegative();
const quantity = z.number().nonnegative().finite();

const fileRecordSchema = z.object({
  /** The path as the user gave it (or as written). */
  path: z.string().min(1),
  sha256: sha256Hex,
  bytes: count,
});

const providerSchema = z.object({
  /** Short stable id: `azure`, `deepl`, `apertium`, `whisper-local`, … */
  id: z.string().min(1),
  /** API version as the provider names it (`3.0`, `v2`), or the engine's version for local engines. */
  apiVersion: z.string().min(1),
  endpoint: z
    .string()
    .min(1)
    .refine((endpoint) => !/[?#@\s]|^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint), {
      message:
        'must be host and path only (e.g. api.example.com/v2/translate): no scheme, credentials or query',
    }),
  region: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  /**
   * The engine behind the API and the data it translates or transcribes with, when it can be known:
   * e.g. `{ name: 'Apertium APY', version: '0.11.7', components: { 'apertium-eng-spa': '0.8.1-2' } }`.
   */
  engine: z
    .object({
      name: z.string().min(1),
      version: z.string().min(1).optional(),
      components: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

/** `characters` → `meteredCharacters`: the provider-reported twin of a billing field. */
export function meteredFieldName(unit: string): string {
  return `metered${unit.charAt(0).toUpperCase()}${unit.slice(1)}`;
}

/**
 * Billing is named for its unit so a reader sees `billing.characters` and `billing.meteredCharacters`
 * (or `audioSeconds` / `meteredAudioSeconds`) rather than an anonymous quantity: the field named `unit`
 * is what toex counted, its `metered…` twin what the provider reported — `null` when it reports nothing
 * (never a silent 0).
 */
const billingSchema = z
  .object({
    /** The billing unit, which also names the two quantity fields: `characters`, `audioSeconds`, … */
    unit: z.string().regex(/^[a-z][A-Za-z]*$/, 'must be a camelCase unit name such as characters'),
    /** True when both are known and differ. */
    mismatch: z.boolean().optional(),
  })
  // The quantity fields are named by `unit`; the other keys' types are checked above.
  .catchall(z.union([quantity, z.null(), z.string(), z.boolean()]))
  .superRefine((billing, context) => {
    if (typeof billing[billing.unit] !== 'number') {
      context.addIssue({
        code: 'custom',
        path: [billing.unit],
        message: `must be the counted number of ${billing.unit}`,
      });
    }
    const metered = meteredFieldName(billing.unit);
    if (!(metered in billing)) {
      context.addIssue({
        code: 'custom',
        path: [metered],
        message: 'must be the provider-reported quantity, or null when unknown',
      });
    }
  });

const costSchema = z.object({
  /** Decimal string in `currency`, exact. */
  amount: decimalString,
  /** ISO 4217 code. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  /** Units of `currency` per unit of the price list's currency, when a conversion was applied. */
  fxRate: decimalString.optional(),
  /** True when priced from a list price rather than the provider's invoice. */
  estimated: z.boolean(),
});

const warningSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  /** 1-based data row, when the warning is about one row. */
  row: z.number().int().positive().optional(),
  /** How many times it occurred, when warnings of one kind are summarised. */
  count: z.number().int().positive().optional(),
});

const additionalProviderSchema = z.object({
  /** What the provider did in this job, e.g. `second-opinion`. */
  role: z.string().min(1),
  provider: providerSchema,
  /** What it was asked to do (sample, threshold…), plain JSON. */
  settings: z.record(z.string(), z.json()).optional(),
  counts: z.record(z.string(), count),
  billing: billingSchema,
  /** `null` when no price is known for the provider (never a silent 0). */
  cost: costSchema.nullable(),
});

/**
 * The zod schema of {@link Manifest}. `writeManifest` and `readManifest` apply it; use it directly only to
 * validate a manifest obtained some other way.
 */
export const manifestSchema = z
  .object({
    schemaVersion: z.union([z.literal(1), z.literal(2), z.literal(MANIFEST_SCHEMA_VERSION)]),
    toexVersion: z.string().min(1),
    kind: z.enum(jobKinds),
    machineOutput: z.literal(true),
    notice: z.string().min(1),
    job: z.object({
      id: z.string().min(1),
      /** The command line or API call that ran the job, with secrets redacted. */
      command: z.string().optional(),
    }),
    /**
     * What the job was asked to do, enough to run it again: for a translation the targets, the source
     * language (given, or the languages detected), columns, glossary (SHA-256 and terms), skip rules,
     * translation memory and detector. Plain JSON, named by each capability.
     */
    settings: z.record(z.string(), z.json()).optional(),
    /** The file the job read. */
    input: fileRecordSchema,
    /** The main file the job wrote. */
    output: fileRecordSchema,
    /** Further files written from the same run (e.g. SRT and WebVTT beside a JSON transcript). */
    additionalOutputs: z.array(fileRecordSchema).default([]),
    provider: providerSchema,
    counts: z.record(z.string(), count),
    /**
     * Rows raising each quality flag (`untranslated`, `length`, …), for capabilities that check quality;
     * absent in manifests before version 3.
     */
    qualityFlags: z.record(z.string(), count).optional(),
    billing: billingSchema,
    /** `null` when no price is known for the provider (never a silent 0). */
    cost: costSchema.nullable(),
    /**
     * Other providers that worked on the job (a translation's second opinion), each with its own
     * counts, billing and cost; the job's total cost is `cost` plus theirs. Absent before version 3.
     */
    additionalProviders: z.array(additionalProviderSchema).optional(),
    warnings: z.array(warningSchema),
    startedAt: utcTimestamp,
    finishedAt: utcTimestamp,
    durationMs: quantity,
  })
  .refine((manifest) => Date.parse(manifest.finishedAt) >= Date.parse(manifest.startedAt), {
    message: 'finishedAt must not be before startedAt',
    path: ['finishedAt'],
  });

/**
 * The evidential record written beside every output: what went in and came out (with SHA-256), which
 * provider and endpoint processed it, what was counted, metered and charged, what went wrong, and when.
 *
 * - `kind`: `translation`, `transcription` or `entities`.
 * - `machineOutput` is always `true`, and `notice` says so in words (see {@link MACHINE_OUTPUT_NOTICE}).
 * - `input` / `output` (and `additionalOutputs`): `{ path, sha256, bytes }` of each file's exact bytes.
 * - `provider.endpoint`: host and path only, never a query or credentials (see `manifestEndpoint`);
 *   `region` and `model` are absent when not applicable or not known.
 * - `counts`: named non-negative integers, e.g. `{ rows: 350000, failedRows: 2, cachedRows: 1200 }`.
 * - `billing`: `{ unit: 'characters', characters, meteredCharacters }` — the metered twin is `null` when
 *   the provider reports no usage; `cost` is `null` when no price is known. Unknowns are never 0.
 * - `startedAt` / `finishedAt`: ISO-8601 UTC; `durationMs`: milliseconds.
 */
export type Manifest = z.infer<typeof manifestSchema>;

/** One file in a {@link Manifest}: `input`, `output` or one of `additionalOutputs`. */
export type ManifestFile = Manifest['input'];

/** {@link Manifest} `provider`. */
export type ManifestProvider = Manifest['provider'];

/** {@link Manifest} `billing`. */
export type ManifestBilling = Manifest['billing'];

/** {@link Manifest} `cost` when a price is known. */
export type ManifestCost = NonNullable<Manifest['cost']>;

/** One entry of {@link Manifest} `additionalProviders`. */
export type ManifestAdditionalProvider = NonNullable<Manifest['additionalProviders']>[number];

/** One entry of {@link Manifest} `warnings`. */
export type ManifestWarning = Manifest['warnings'][number];

/** A plain JSON value, as a manifest's `settings` hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
