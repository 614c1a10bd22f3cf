import { parseArgs } from 'node:util';
import { UsageError } from '../usage-error';

/** `toex entities` options, parsed and checked, before any file is opened. */
export interface EntitiesArguments {
  input: string;
  columns: string[];
  keywords?: string;
  ner: 'none' | 'local' | 'azure' | 'aws';
  region: string;
  out?: string;
  index?: string;
  network?: string;
  encoding?: string;
  /** Count and price the named-entity requests, send nothing. */
  estimate: boolean;
  /** Stop before any named-entity request that would take the job's cost over this, in the price list's currency. */
  budget?: string;
  caseReference?: string;
  organisation?: string;
  /** Where cloud named-entity answers are kept for reruns; `false` with `--no-cache`. */
  cache: string | false;
  /** Ledger file or postgres:// URL the named-entity cost is appended to. */
  ledger?: string;
  json: boolean;
}

/** The usage text of `toex entities`; the flag names are a contract scripts rely on. */
export const entitiesUsage = `Usage: toex entities INPUT [options]

Finds identifiers (phones, emails, URLs, IPs, bank accounts, cards, crypto wallets, IMEIs, UK
postcodes, vehicle marks, NI and NHS numbers, coordinates, handles, hashtags, money), watchlist
keywords and, with --ner, people, places and organisations in every text of a phone-download CSV, a
text file or a JSONL chat export. Every input row is written, in order, with an "entities" column (a
JSON array of findings with offsets) and a "keyword_hits" column, Excel-safe, with a manifest beside it.

Options:
  --column NAME           text column to search (repeatable); found automatically when omitted
  --keywords FILE         watchlist CSV (term,category[,aliases][,language][,match]) or JSON
  --ner none|local|azure|aws
                          named entities: none (default), local (offline English, compromise),
                          azure (Azure AI Language NER: AZURE_LANGUAGE_KEY, AZURE_LANGUAGE_ENDPOINT) or
                          aws (Amazon Comprehend: AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)
  --region CC             region for national phone numbers (default GB)
  --out FILE              output CSV (default: <input stem>.entities.csv)
  --index FILE            also write an index across rows (.csv or .json): value, count, rows, first/last seen
  --network FILE          also write the communications network: FILE.graphml or FILE.csv (i2 import)
  --encoding NAME         input encoding; detected when omitted
  --estimate              with --ner azure|aws: count and price the requests, send nothing
  --budget AMOUNT         with --ner azure|aws: stop before any request that would take the job's cost
                          over AMOUNT, in the price list's currency (USD); later rows keep their
                          identifiers and are marked failed:budget_exceeded
  --cache DIR             with --ner azure|aws: keep answers here, so a rerun after a kill or a failure
                          pays only for what was not answered (default: .toex-cache)
  --no-cache              keep no answers (a rerun sends everything again)
  --case REF              case reference for the ledger
  --org NAME              paying organisation for the ledger
  --ledger FILE|URL       with --ner azure|aws: append the named-entity cost to this ledger, a JSON-lines
                          file or a PostgreSQL database postgres://USER@HOST:PORT/DB
  --json                  the summary as a JSON line on stdout

With --ner, a toex_status column says ok, or failed:<code> for a row whose named entities could not be
found (its identifiers and watchlist hits are still there).

Exit codes: 0 done; 2 usage or input error; 3 budget would be exceeded; 4 finished with failed rows
(they are in the output, marked); 1 anything else.
`;

const nerChoices = ['none', 'local', 'azure', 'aws'] as const;

/** Parses `toex entities` arguments; throws {@link UsageError} with a message saying what to fix. */
export function parseEntitiesArguments(argv: string[]): EntitiesArguments {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify.*$/s, '.')} See 'toex entities --help'.`,
    );
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? "no input file given. Usage: toex entities INPUT. See 'toex entities --help'."
        : `expected one input file, got ${positionals.length}: ${positionals.join(', ')}.`,
    );
  }
  const ner = values.ner ?? 'none';
  if (!(nerChoices as readonly string[]).includes(ner)) {
    throw new UsageError(`unknown --ner "${ner}". Choose one of: ${nerChoices.join(', ')}.`);
  }
  const region = (values.region ?? 'GB').toUpperCase();
  if (!/^[A-Z]{2}$/.test(region)) {
    throw new UsageError(`--region takes a two-letter country code like GB, not "${values.region}".`);
  }
  if (values.network !== undefined && !/\.(graphml|csv)$/i.test(values.network)) {
    throw new UsageError(`--network writes FILE.graphml or FILE.csv (i2 import), not "${values.network}".`);
  }
  if (values.budget !== undefined && !/^\d+(?:\.\d+)?$/.test(values.budget)) {
    throw new UsageError(`--budget takes an amount like 25 or 12.50, not "${values.budget}".`);
  }
  if ((values.estimate === true || values.budget !== undefined) && (ner === 'none' || ner === 'local')) {
    throw new UsageError(
      `--${values.estimate === true ? 'estimate' : 'budget'} prices cloud named-entity requests: add --ner azure or --ner aws (identifiers, watchlists and --ner local cost nothing).`,
    );
  }
  if (values.cache !== undefined && values['no-cache'] === true) {
    throw new UsageError('use either --cache DIR or --no-cache, not both.');
  }
  if (values.ledger !== undefined && values.org === undefined) {
    throw new UsageError('--ledger needs --org NAME: the organisation the cost is charged to.');
  }
  if (values.index !== undefined && !/\.(csv|json)$/i.test(values.index)) {
    throw new UsageError(`--index writes FILE.csv or FILE.json, not "${values.index}".`);
  }
  return {
    input: positionals[0]!,
    columns: values.column ?? [],
    ner: ner as EntitiesArguments['ner'],
    region,
    json: values.json === true,
    estimate: values.estimate === true,
    cache: values['no-cache'] === true ? false : (values.cache ?? '.toex-cache'),
    ...(values.budget === undefined ? {} : { budget: values.budget }),
    ...(values.case === undefined ? {} : { caseReference: values.case }),
    ...(values.org === undefined ? {} : { organisation: values.org }),
    ...(values.ledger === undefined ? {} : { ledger: values.ledger }),
    ...(values.keywords === undefined ? {} : { keywords: values.keywords }),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.index === undefined ? {} : { index: values.index }),
    ...(values.network === undefined ? {} : { network: values.network }),
    ...(values.encoding === undefined ? {} : { encoding: values.encoding }),
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      column: { type: 'string', multiple: true },
      keywords: { type: 'string' },
      ner: { type: 'string' },
      region: { type: 'string' },
      out: { type: 'string' },
      index: { type: 'string' },
      network: { type: 'string' },
      encoding: { type: 'string' },
      estimate: { type: 'boolean' },
      budget: { type: 'string' },
      cache: { type: 'string' },
      'no-cache': { type: 'boolean' },
      case: { type: 'string' },
      org: { type: 'string' },
      ledger: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
}
