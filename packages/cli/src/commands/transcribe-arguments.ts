import { parseArgs } from 'node:util';
import { type TranscriptFormat, transcriptFormats } from '@toex/transcribe';
import { optional, positiveInteger, splitList } from '../argument-values';
import { UsageError } from '../usage-error';

/** The providers `--provider` accepts; the names are part of the CLI contract. */
export const transcriptionProviders = [
  'pocketsphinx',
  'azure-speech',
  'azure-batch',
  'video-indexer',
  'openai',
  'assemblyai',
  'deepgram',
] as const;

/** `toex transcribe` options, parsed and checked, before any file is opened. */
export interface TranscribeArguments {
  inputs: string[];
  provider: (typeof transcriptionProviders)[number];
  endpoint?: string;
  language?: string;
  speakers?: number;
  formats: TranscriptFormat[];
  out: string;
  translateTo?: string;
  concurrency?: number;
  maxRetries?: number;
  budget?: string;
  currency?: string;
  prices?: string;
  /** Directory of the chunk store; `false` with `--no-cache`. */
  cache: string | false;
  caseReference?: string;
  organisation?: string;
  ledger?: string;
  estimate: boolean;
  json: boolean;
}

/** The usage text of `toex transcribe`; the flag names are a contract scripts rely on. */
export const transcribeUsage = `Usage: toex transcribe INPUT... [options]

Transcribes audio and video (interviews, body-worn video, calls, voice notes) into timed transcripts:
<DIR>/<input stem>.<format> for each format and <DIR>/<input stem>.manifest.json. Long recordings are
cut at silences and sent in chunks concurrently; a chunk that still fails after retries is a marked gap.

Options:
  --provider NAME       pocketsphinx (default, offline, US English), openai, azure-speech, azure-batch,
                        video-indexer, assemblyai or deepgram
  --endpoint URL        provider endpoint (e.g. a self-hosted whisper server for openai)
  --language CODE       language of the speech, e.g. en, en-GB, es (detected when the provider can)
  --speakers N          expected number of speakers, for diarization
  --format LIST         json,srt,vtt,txt (default all four)
  --out DIR             output directory (default: the current directory)
  --translate-to LANG   also translate the segments offline with Apertium (APERTIUM_URL), keeping their
                        timings: <stem>.<LANG>.<format> beside the originals
  --concurrency N       chunks in flight at once (default 4)
  --max-retries N       retries of a failed chunk (default 3)
  --cache DIR           finished chunks, so a rerun continues where it stopped (default .toex-cache)
  --no-cache            keep no chunk store (a rerun sends everything again)
  --estimate            probe the media and price the job; send nothing
  --budget AMOUNT       refuse to start a job whose estimated cost is over AMOUNT
  --currency CODE       currency for costs and the budget (default: the price list's)
  --prices FILE         price catalogue JSON with your contract prices
  --case REF            case reference for the ledger
  --org NAME            paying organisation for the ledger
  --ledger FILE|URL     append the job's cost to this ledger (one entry per job): a JSON-lines
                        file, or a PostgreSQL database postgres://USER@HOST:PORT/DB
  --json                the summary (or estimate) as JSON on stdout

Exit codes: 0 every chunk transcribed; 2 usage, input or media error (corrupt, empty, not media);
3 budget would be exceeded; 4 finished with gaps (marked in every output); 1 anything else.
`;

/** Parses `toex transcribe` arguments; throws {@link UsageError} saying what to fix. */
export function parseTranscribeArguments(argv: string[]): TranscribeArguments {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify.*$/s, '.')} See 'toex transcribe --help'.`,
    );
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    throw new UsageError(
      "no input file given. Usage: toex transcribe INPUT... See 'toex transcribe --help'.",
    );
  }
  const provider = values.provider ?? 'pocketsphinx';
  if (!(transcriptionProviders as readonly string[]).includes(provider)) {
    throw new UsageError(
      `unknown provider "${provider}". Choose one of: ${transcriptionProviders.join(', ')}.`,
    );
  }
  const formats = splitList(values.format ?? transcriptFormats.join(',')).map((format) =>
    format.toLowerCase(),
  );
  const unknown = formats.filter((format) => !(transcriptFormats as readonly string[]).includes(format));
  if (formats.length === 0 || unknown.length > 0) {
    throw new UsageError(`--format takes a list of ${transcriptFormats.join(', ')}; got "${values.format}".`);
  }
  if (values.cache !== undefined && values['no-cache'] === true)
    throw new UsageError('use either --cache DIR or --no-cache, not both.');
  if (values.budget !== undefined && !/^\d+(\.\d+)?$/.test(values.budget)) {
    throw new UsageError(`--budget takes an amount like 25 or 12.50, not "${values.budget}".`);
  }
  const currency = values.currency?.toUpperCase();
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency))
    throw new UsageError(`--currency takes a three-letter code like GBP, not "${values.currency}".`);
  if (values.ledger !== undefined && values.org === undefined)
    throw new UsageError('--ledger needs --org NAME: the organisation the cost is charged to.');
  if (values.language !== undefined && !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(values.language))
    throw new UsageError(`--language takes a language code like en or en-GB, not "${values.language}".`);
  return {
    inputs: positionals,
    provider: provider as TranscribeArguments['provider'],
    formats: [...new Set(formats)] as TranscriptFormat[],
    out: values.out ?? '.',
    cache: values['no-cache'] === true ? false : (values.cache ?? '.toex-cache'),
    estimate: values.estimate === true,
    json: values.json === true,
    ...optional('endpoint', values.endpoint),
    ...optional('language', values.language),
    ...optional('speakers', positiveInteger('--speakers', values.speakers)),
    ...optional('translateTo', values['translate-to']),
    ...optional('concurrency', positiveInteger('--concurrency', values.concurrency)),
    ...optional('maxRetries', positiveInteger('--max-retries', values['max-retries'], true)),
    ...optional('budget', values.budget),
    ...optional('currency', currency),
    ...optional('prices', values.prices),
    ...optional('caseReference', values.case),
    ...optional('organisation', values.org),
    ...optional('ledger', values.ledger),
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      provider: { type: 'string' },
      endpoint: { type: 'string' },
      language: { type: 'string' },
      speakers: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      'translate-to': { type: 'string' },
      concurrency: { type: 'string' },
      'max-retries': { type: 'string' },
      cache: { type: 'string' },
      'no-cache': { type: 'boolean' },
      estimate: { type: 'boolean' },
      budget: { type: 'string' },
      currency: { type: 'string' },
      prices: { type: 'string' },
      case: { type: 'string' },
      org: { type: 'string' },
      ledger: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
}
