import { parseArgs } from 'node:util';
import { type InputFormat, inputFormats, translationProviderNames } from '@toex/translate';
import { optional, positiveInteger, splitList } from '../argument-values';
import { UsageError } from '../usage-error';

/** `toex translate` options, parsed and checked, before any file is opened. */
export interface TranslateArguments {
  input: string;
  /** `--input-format` (or its alias `--format`); absent: detected from the content, then the extension. */
  inputFormat?: InputFormat;
  to: string[];
  from?: string;
  provider: (typeof providers)[number];
  endpoint?: string;
  /** `--api-version`: the provider's API version, where it offers a choice (Azure `3.0` or `2026-06-06`). */
  apiVersion?: '3.0' | '2026-06-06';
  columns: string[];
  fields: string[];
  encoding?: string;
  out?: string;
  glossary?: string;
  /** Translation-memory directory; `false` with `--no-cache`. */
  cache: string | false;
  estimate: boolean;
  budget?: string;
  /** Currency of costs and the budget; absent: the price list's own currency. */
  currency?: string;
  prices?: string;
  fx: string[];
  fxFile?: string;
  concurrency?: number;
  charactersPerMinute?: number;
  maxRetries?: number;
  caseReference?: string;
  organisation?: string;
  ledger?: string;
  /** `--entities`: add the `entities` and `keyword_hits` columns, found in the source and the translation. */
  entities: boolean;
  /** `--keywords FILE`: the watchlist searched with `--entities`. */
  keywords?: string;
  /** `--second-opinion`: the provider translating a sample again; absent: no second opinion. */
  secondOpinion?: (typeof providers)[number];
  /** `--second-opinion-sample`: `all`, or every Nth translated row. */
  secondOpinionSample?: 'all' | number;
  /** `--second-opinion-threshold`: similarity (0–1) under which the two translations disagree. */
  secondOpinionThreshold?: number;
  json: boolean;
}

/** The usage text of `toex translate`; the flag names are a contract scripts rely on. */
export const translateUsage = `Usage: toex translate INPUT --to LANG[,LANG] [options]

Translates every text of a phone-download CSV, an Excel workbook (.xlsx: Cellebrite, AXIOM), a text file
(one message per line), a JSONL file, or a WhatsApp, Telegram or Facebook/Instagram chat export, writing
every input row (every message) to the output in order with its translation and a status.

Options:
  --to LANG[,LANG]        target language(s), e.g. en or en,fr (required)
  --from LANG             source language; detected per message when omitted
  --provider NAME         apertium (default, offline), azure, deepl, google (Cloud Translation v2,
                          key in GOOGLE_TRANSLATE_API_KEY) or google-v3 (Advanced; service-account key
                          file in GOOGLE_APPLICATION_CREDENTIALS, location in GOOGLE_CLOUD_LOCATION)
                          libretranslate (self-hosted; LIBRETRANSLATE_URL, LIBRETRANSLATE_API_KEY) or
                          amazon (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or openai (a chat
                          model as translator: OPENAI_MODEL, OPENAI_API_KEY; --endpoint for a local server)
  --endpoint URL          provider endpoint (APERTIUM_URL, AZURE_TRANSLATOR_ENDPOINT,
                          LIBRETRANSLATE_URL, or the provider default)
  --input-format FORMAT   whatsapp, telegram, facebook, csv, xlsx, jsonl or text (alias --format);
                          detected from the content, then the extension, when omitted
  --api-version VERSION   Azure Translator API version: 3.0 (default) or 2026-06-06
  --column NAME           text column to translate (repeatable); found automatically when omitted
  --field PATH            JSONL field holding the text, e.g. message.text (repeatable)
  --encoding NAME         input encoding (utf-8, utf-16le, windows-1256, gb18030, …); detected when omitted
  --out FILE              output file (default: <input stem>.translated.csv, or .jsonl / .txt / .xlsx for
                          those inputs); a workbook written to F.csv gives one CSV per sheet, F.<sheet>.csv
  --glossary FILE         keyword dictionary CSV of term,translation applied at translation time
  --cache DIR             translation memory and resume journal (default: .toex-cache)
  --no-cache              keep no translation memory (a rerun sends everything again)
  --estimate              count and price the job, send nothing
  --budget AMOUNT         stop before any request that would take the job's cost over AMOUNT
  --currency CODE         currency for costs and the budget (default: the price list's, e.g. USD for Azure)
  --fx FROM:TO=RATE[@DATE] exchange rate for --currency, repeatable, e.g. --fx USD:GBP=0.8145@2026-11-01
  --fx-file FILE          JSON exchange-rate file
  --prices FILE           price catalogue JSON with your contract prices
  --concurrency N         requests in flight at once (default 4)
  --chars-per-minute N    pace requests to this many characters a minute (your quota)
  --max-retries N         retries of a failed request (default 3)
  --case REF              case reference for the ledger
  --org NAME              paying organisation for the ledger
  --ledger FILE|URL       append the job's cost to this ledger: a JSON-lines file, or a PostgreSQL
                          database postgres://USER@HOST:PORT/DB (password from PGPASSWORD or ~/.pgpass)
  --entities              also find identifiers (phones, accounts, wallets …) in each text and its
                          translation, as toex entities does: adds the entities and keyword_hits columns;
                          findings in a translation carry "in": "<col>_<to>", in the source "in": "<col>"
  --keywords FILE         with --entities, a watchlist CSV or JSON searched in source and translation
  --second-opinion NAME   translate a sample again with a second provider (any --provider name; apertium
                          is offline and free), keep both (<col>_<to>_second) and flag rows where the
                          two disagree with second-opinion; its cost is metered and in the manifest
  --second-opinion-sample all|N
                          every Nth translated row (default 10), or all; alone, implies
                          --second-opinion apertium
  --second-opinion-threshold X
                          similarity 0-1 (character-trigram F1) under which the translations disagree
                          (default 0.3)
  --json                  progress and the summary as JSON lines on stdout

Every output row gets a toex_flags column: quality flags for human review (untranslated, length,
low-confidence-language, mixed-language, glossary-miss, truncated, second-opinion), ;-separated, empty
when none; the summary and the manifest count each flag.

Exit codes: 0 all rows ok or skipped; 2 usage or input error; 3 budget would be exceeded;
4 finished with failed rows (they are in the output, marked); 1 anything else.
`;

const providers = translationProviderNames;

/** Parses `toex translate` arguments; throws {@link UsageError} with a message saying what to fix. */
export function parseTranslateArguments(argv: string[]): TranslateArguments {
  return parseTranslateArgumentsWith(argv, {}).arguments;
}

/** Options a command built on `toex translate`'s adds to them (`toex submit translate`). */
export type ExtraOptions = Record<string, { type: 'string' | 'boolean' }>;

/**
 * Parses `toex translate` arguments with `extra` options besides, and (with `multipleInputs`) several
 * inputs: `arguments.input` is the first, `inputs` all of them. `extraValues` holds the extra options given.
 */
export function parseTranslateArgumentsWith(
  argv: string[],
  options: { extra?: ExtraOptions; multipleInputs?: boolean; command?: string },
): {
  arguments: TranslateArguments;
  inputs: string[];
  extraValues: Record<string, string | boolean | undefined>;
} {
  const command = options.command ?? 'toex translate';
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv, options.extra ?? {});
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify.*$/s, '.')} See '${command} --help'.`,
    );
  }
  const { values, positionals } = parsed;
  const extraValues = Object.fromEntries(
    Object.keys(options.extra ?? {}).map((name) => [
      name,
      (values as Record<string, string | boolean | undefined>)[name],
    ]),
  );
  if (options.multipleInputs === true && positionals.length > 1) {
    const first = parseTranslateArgumentsWith(
      [positionals[0]!, ...argv.filter((word) => !positionals.includes(word))],
      {
        ...options,
        multipleInputs: false,
      },
    );
    return { ...first, inputs: positionals };
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? "no input file given. Usage: toex translate INPUT --to LANG. See 'toex translate --help'."
        : `expected one input file, got ${positionals.length}: ${positionals.join(', ')}.`,
    );
  }
  const to = splitList(values.to);
  if (to.length === 0) throw new UsageError('--to is required, e.g. --to en or --to en,fr.');
  const provider = values.provider ?? 'apertium';
  if (!(providers as readonly string[]).includes(provider)) {
    throw new UsageError(`unknown provider "${provider}". Choose one of: ${providers.join(', ')}.`);
  }
  const inputFormat = parseInputFormat(values['input-format'], values.format);
  const apiVersion = values['api-version'];
  if (
    apiVersion !== undefined &&
    (provider !== 'azure' || (apiVersion !== '3.0' && apiVersion !== '2026-06-06'))
  ) {
    throw new UsageError(
      provider === 'azure'
        ? `--api-version takes 3.0 or 2026-06-06 for Azure, not "${apiVersion}".`
        : `--api-version applies to --provider azure only (3.0 or 2026-06-06); ${provider} has one API version.`,
    );
  }
  if (values.cache !== undefined && values['no-cache'] === true)
    throw new UsageError('use either --cache DIR or --no-cache, not both.');
  if (values.budget !== undefined && !/^\d+(\.\d+)?$/.test(values.budget)) {
    throw new UsageError(`--budget takes an amount like 25 or 12.50, not "${values.budget}".`);
  }
  // No default currency: costs stay in the price list's own (USD for Azure and DeepL), which needs no
  // exchange rate. A user who wants pounds says so, and is told the one rate to add.
  if (values.keywords !== undefined && values.entities !== true) {
    throw new UsageError(
      '--keywords is the watchlist searched by --entities: add --entities (a translation glossary is --glossary).',
    );
  }
  const currency = values.currency?.toUpperCase();
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency))
    throw new UsageError(`--currency takes a three-letter code like GBP, not "${values.currency}".`);
  const secondOpinion = parseSecondOpinion(values, provider);
  const parsedArguments: TranslateArguments = {
    ...secondOpinion,
    input: positionals[0]!,
    ...optional('inputFormat', inputFormat),
    to,
    provider: provider as TranslateArguments['provider'],
    columns: values.column ?? [],
    fields: values.field ?? [],
    cache: values['no-cache'] === true ? false : (values.cache ?? '.toex-cache'),
    estimate: values.estimate === true,
    fx: values.fx ?? [],
    ...optional('currency', currency),
    ...optional('fxFile', values['fx-file']),
    json: values.json === true,
    entities: values.entities === true,
    ...optional('keywords', values.keywords),
    ...optional('from', values.from),
    ...optional('endpoint', values.endpoint),
    ...optional('apiVersion', apiVersion as TranslateArguments['apiVersion']),
    ...optional('encoding', values.encoding),
    ...optional('out', values.out),
    ...optional('glossary', values.glossary),
    ...optional('budget', values.budget),
    ...optional('prices', values.prices),
    ...optional('concurrency', positiveInteger('--concurrency', values.concurrency)),
    ...optional('charactersPerMinute', positiveInteger('--chars-per-minute', values['chars-per-minute'])),
    ...optional('maxRetries', positiveInteger('--max-retries', values['max-retries'], true)),
    ...optional('caseReference', values.case),
    ...optional('organisation', values.org),
    ...optional('ledger', values.ledger),
  };
  return { arguments: parsedArguments, inputs: [positionals[0]!], extraValues };
}

function parse(argv: string[], extra: ExtraOptions) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...extra,
      to: { type: 'string' },
      'input-format': { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      provider: { type: 'string' },
      endpoint: { type: 'string' },
      'api-version': { type: 'string' },
      column: { type: 'string', multiple: true },
      field: { type: 'string', multiple: true },
      encoding: { type: 'string' },
      out: { type: 'string', short: 'o' },
      glossary: { type: 'string' },
      cache: { type: 'string' },
      'no-cache': { type: 'boolean' },
      estimate: { type: 'boolean' },
      budget: { type: 'string' },
      currency: { type: 'string' },
      prices: { type: 'string' },
      fx: { type: 'string', multiple: true },
      'fx-file': { type: 'string' },
      concurrency: { type: 'string' },
      'chars-per-minute': { type: 'string' },
      'max-retries': { type: 'string' },
      case: { type: 'string' },
      org: { type: 'string' },
      ledger: { type: 'string' },
      entities: { type: 'boolean' },
      keywords: { type: 'string' },
      'second-opinion': { type: 'string' },
      'second-opinion-sample': { type: 'string' },
      'second-opinion-threshold': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
}

/** `--input-format`, or `--format` (its older name); both given must agree. */
function parseInputFormat(
  inputFormat: string | undefined,
  alias: string | undefined,
): InputFormat | undefined {
  if (inputFormat !== undefined && alias !== undefined && inputFormat !== alias) {
    throw new UsageError(
      `--format is another name for --input-format: give one of them, not "${alias}" and "${inputFormat}".`,
    );
  }
  const given = (inputFormat ?? alias)?.trim().toLowerCase();
  if (given === undefined) return undefined;
  if (!(inputFormats as readonly string[]).includes(given)) {
    throw new UsageError(
      `unknown input format "${inputFormat ?? alias}". Choose one of: ${inputFormats.join(', ')}.`,
    );
  }
  return given as InputFormat;
}

/** `--second-opinion`, its sample and threshold; a sample or threshold alone implies Apertium. */
function parseSecondOpinion(
  values: ReturnType<typeof parse>['values'],
  provider: string,
): Pick<TranslateArguments, 'secondOpinion' | 'secondOpinionSample' | 'secondOpinionThreshold'> {
  const sample = values['second-opinion-sample']?.trim().toLowerCase();
  const threshold = values['second-opinion-threshold'];
  const named = values['second-opinion'];
  if (named === undefined && sample === undefined && threshold === undefined) return {};
  const second = named ?? 'apertium';
  if (!(providers as readonly string[]).includes(second)) {
    throw new UsageError(
      `unknown --second-opinion provider "${second}". Choose one of: ${providers.join(', ')}.`,
    );
  }
  if (second === provider) {
    throw new UsageError(
      `--second-opinion needs another provider than --provider (${provider}): e.g. --second-opinion ${provider === 'apertium' ? 'azure' : 'apertium'}.`,
    );
  }
  let parsedSample: 'all' | number | undefined;
  if (sample !== undefined) {
    parsedSample = sample === 'all' ? 'all' : Number(sample);
    if (parsedSample !== 'all' && !(Number.isInteger(parsedSample) && parsedSample >= 1)) {
      throw new UsageError(
        `--second-opinion-sample takes all or a whole number N (every Nth translated row), not "${values['second-opinion-sample']}".`,
      );
    }
  }
  const parsedThreshold = threshold === undefined ? undefined : Number(threshold);
  if (parsedThreshold !== undefined && !(parsedThreshold >= 0 && parsedThreshold <= 1)) {
    throw new UsageError(
      `--second-opinion-threshold takes a similarity from 0 to 1 such as 0.3, not "${threshold}".`,
    );
  }
  return {
    secondOpinion: second as TranslateArguments['provider'],
    ...(parsedSample === undefined ? {} : { secondOpinionSample: parsedSample }),
    ...(parsedThreshold === undefined ? {} : { secondOpinionThreshold: parsedThreshold }),
  };
}
