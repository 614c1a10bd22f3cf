import { parseArgs } from 'node:util';
import { ENTITY_TYPES, type EntityType } from '@toex/entities';
import { UsageError } from '../usage-error';

/** `toex redact` options, parsed and checked, before any file is opened. */
export interface RedactArguments {
  input: string;
  out: string;
  columns: string[];
  types?: EntityType[];
  keywords?: string;
  caseRef?: string;
  mapping?: string;
  region: string;
  encoding?: string;
  json: boolean;
}

/** The usage text of `toex redact`; the flag names are a contract scripts rely on. */
export const redactUsage = `Usage: toex redact INPUT --out FILE [options]

Writes a copy of a phone-download CSV, text file or JSONL chat export for disclosure: every row, in
order, every column, with each identifier and watchlist hit in the text columns replaced by a pseudonym
that is the same for the same value everywhere in the case (PHONE-0007, EMAIL-0002, …). The rest of the
text is unchanged. The copy is Excel-safe, with a manifest beside it.

The mapping from pseudonym to original value is kept apart, readable by its owner only (mode 0600),
in a JSON-lines file that grows across runs: by default .toex-redaction/<case>.jsonl in the output's
folder. It is never written into the copy or the manifest. Keep it with the case papers; run one
redaction per case at a time.

Options:
  --out FILE              the redacted copy (CSV); required
  --types LIST            only these finding types, comma-separated (e.g. phone,email,iban); default all
  --keywords FILE         watchlist CSV or JSON: its hits are redacted as KEYWORD-nnnn
  --case REF              case reference (letters, digits, . _ -): files of one case share pseudonyms;
                          default: the output file's stem
  --mapping FILE          the mapping file (default: .toex-redaction/<case>.jsonl beside the output)
  --column NAME           text column to redact (repeatable); found automatically when omitted
  --region CC             region for national phone numbers (default GB)
  --encoding NAME         input encoding; detected when omitted
  --json                  the summary as a JSON line on stdout

Exit codes: 0 done; 2 usage or input error; 1 anything else.
`;

/** Parses `toex redact` arguments; throws {@link UsageError} with a message saying what to fix. */
export function parseRedactArguments(argv: string[]): RedactArguments {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify.*$/s, '.')} See 'toex redact --help'.`,
    );
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? "no input file given. Usage: toex redact INPUT --out FILE. See 'toex redact --help'."
        : `expected one input file, got ${positionals.length}: ${positionals.join(', ')}.`,
    );
  }
  if (values.out === undefined) {
    throw new UsageError(
      "--out FILE is required: where to write the redacted copy. See 'toex redact --help'.",
    );
  }
  let types: EntityType[] | undefined;
  if (values.types !== undefined) {
    types = values.types
      .split(',')
      .map((type) => type.trim())
      .filter((type) => type !== '') as EntityType[];
    const unknown = types.filter((type) => !(ENTITY_TYPES as readonly string[]).includes(type));
    if (unknown.length > 0 || types.length === 0) {
      throw new UsageError(
        `unknown --types ${unknown.join(', ') || '(empty)'}. Choose from: ${ENTITY_TYPES.join(', ')}.`,
      );
    }
    if (types.includes('keyword') && values.keywords === undefined) {
      throw new UsageError('--types keyword needs a watchlist: add --keywords FILE.');
    }
  }
  if (values.case !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(values.case)) {
    throw new UsageError(
      `--case takes letters, digits, dots, underscores and hyphens (it names the mapping file), not "${values.case}".`,
    );
  }
  const region = (values.region ?? 'GB').toUpperCase();
  if (!/^[A-Z]{2}$/.test(region)) {
    throw new UsageError(`--region takes a two-letter country code like GB, not "${values.region}".`);
  }
  return {
    input: positionals[0]!,
    out: values.out,
    columns: values.column ?? [],
    region,
    json: values.json === true,
    ...(types === undefined ? {} : { types }),
    ...(values.keywords === undefined ? {} : { keywords: values.keywords }),
    ...(values.case === undefined ? {} : { caseRef: values.case }),
    ...(values.mapping === undefined ? {} : { mapping: values.mapping }),
    ...(values.encoding === undefined ? {} : { encoding: values.encoding }),
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      types: { type: 'string' },
      keywords: { type: 'string' },
      case: { type: 'string' },
      mapping: { type: 'string' },
      column: { type: 'string', multiple: true },
      region: { type: 'string' },
      encoding: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
}
