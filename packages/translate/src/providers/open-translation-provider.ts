import { ConfigurationError, type FetchFunction, findNetworkErrorCode } from '@toex/core';
import type { TranslationProvider } from '../spec';
import { createAmazonTranslator } from './amazon';
import { APERTIUM_DEFAULT_URL, createApertiumTranslator, isApyAnswering, startLocalApy } from './apertium';
import { AZURE_TRANSLATOR_GLOBAL_ENDPOINT, createAzureTranslator } from './azure';
import { createDeeplTranslator } from './deepl';
import { createGoogleAdvancedTranslator, createGoogleTranslator, GOOGLE_TRANSLATE_ENDPOINT } from './google';
import { createLibreTranslateTranslator, LIBRETRANSLATE_DEFAULT_URL } from './libretranslate';
import { createOpenAiTranslator, OPENAI_DEFAULT_BASE_URL } from './openai';

/** The providers {@link openTranslationProvider} makes, by the name `--provider` takes. */
export const translationProviderNames = [
  'azure',
  'deepl',
  'apertium',
  'google',
  'google-v3',
  'libretranslate',
  'amazon',
  'openai',
] as const;

/** A provider name {@link openTranslationProvider} knows. */
export type TranslationProviderName = (typeof translationProviderNames)[number];

/** Which provider to open and its non-secret settings: never a key (keys come from the environment). */
export interface TranslationProviderChoice {
  provider: TranslationProviderName;
  /** The endpoint; absent: the provider's environment variable (e.g. `AZURE_TRANSLATOR_ENDPOINT`), else its default. */
  endpoint?: string;
  /** Azure Translator's API version, `3.0` (default) or `2026-06-06`. */
  apiVersion?: '3.0' | '2026-06-06';
}

/** Where a provider finds its settings and keys, and its HTTP transport. */
export interface ProviderEnvironment {
  /** Environment variables: keys (`AZURE_TRANSLATOR_KEY`, …) and endpoints. */
  env: Record<string, string | undefined>;
  /** Replaces every provider's HTTP transport (tests, embedding apps). */
  fetch?: FetchFunction;
}

/** Where the endpoint a provider talks to came from, so an error can say which setting to fix. */
export interface EndpointChoice {
  /** The endpoint, or `undefined` for the provider's own default (DeepL picks Free or Pro from the key). */
  url: string | undefined;
  /** `--endpoint`, the environment variable's name, or `the default`. */
  origin: string;
}

/** A provider ready for a job, and what to do when the job ends. */
export interface OpenedProvider {
  provider: TranslationProvider;
  endpoint: EndpointChoice;
  /** Stops anything started for the job (a local Apertium server). */
  close(): Promise<void>;
}

const environmentVariables = {
  apertium: 'APERTIUM_URL',
  azure: 'AZURE_TRANSLATOR_ENDPOINT',
  deepl: undefined,
  google: undefined,
  'google-v3': undefined,
  libretranslate: 'LIBRETRANSLATE_URL',
  amazon: undefined,
  openai: undefined,
} as const;

/**
 * Makes the provider `--provider` names, for the CLI and for queue workers alike. Keys are not read here: each adapter loads its key from the
 * environment at the first request, so `--estimate` works without one.
 *
 * For Apertium (the offline default), a configured endpoint must answer, or the job stops with a
 * configuration error naming it; with none configured and nothing at the default address, APY is
 * started on loopback for this job and stopped after it, so the default works with nothing started by hand.
 */
export async function openTranslationProvider(
  args: TranslationProviderChoice,
  io: ProviderEnvironment,
  report: (line: string) => void,
): Promise<OpenedProvider> {
  const endpoint = chooseEndpoint(args, io.env);
  const fetch = io.fetch === undefined ? {} : { fetch: io.fetch };
  switch (args.provider) {
    case 'apertium':
      return await openApertium(endpoint, fetch, report);
    case 'azure':
      return {
        provider: createAzureTranslator({
          ...fetch,
          ...optional('endpoint', args.endpoint),
          ...(args.apiVersion === undefined ? {} : { apiVersion: args.apiVersion }),
        }),
        endpoint: { ...endpoint, url: endpoint.url ?? AZURE_TRANSLATOR_GLOBAL_ENDPOINT },
        close: async () => {},
      };
    case 'deepl':
      return {
        provider: createDeeplTranslator({ ...fetch, ...optional('endpoint', args.endpoint) }),
        endpoint,
        close: async () => {},
      };
    case 'google':
      return {
        provider: createGoogleTranslator({ ...fetch, ...optional('endpoint', args.endpoint) }),
        endpoint: { ...endpoint, url: endpoint.url ?? GOOGLE_TRANSLATE_ENDPOINT },
        close: async () => {},
      };
    case 'openai': {
      const model = io.env.OPENAI_MODEL;
      if (model === undefined || model === '') {
        throw new ConfigurationError({
          code: 'missing_setting',
          setting: 'OPENAI_MODEL',
          message: 'Name the chat model to translate with in OPENAI_MODEL, e.g. OPENAI_MODEL=gpt-4o-mini.',
        });
      }
      return {
        provider: createOpenAiTranslator({ ...fetch, model, ...optional('baseUrl', args.endpoint) }),
        endpoint: { ...endpoint, url: endpoint.url ?? OPENAI_DEFAULT_BASE_URL },
        close: async () => {},
      };
    }
    case 'amazon': {
      const amazon = createAmazonTranslator({ ...fetch, ...optional('endpoint', args.endpoint) });
      return {
        provider: amazon,
        endpoint: { ...endpoint, url: endpoint.url ?? amazon.endpoint },
        close: async () => {},
      };
    }
    case 'libretranslate': {
      const url = endpoint.url ?? LIBRETRANSLATE_DEFAULT_URL;
      return {
        provider: createLibreTranslateTranslator({ ...fetch, baseUrl: url }),
        endpoint: { ...endpoint, url },
        close: async () => {},
      };
    }
    case 'google-v3': {
      const location = io.env.GOOGLE_CLOUD_LOCATION;
      return {
        provider: createGoogleAdvancedTranslator({
          ...fetch,
          ...optional('endpoint', args.endpoint),
          ...optional('location', location === '' ? undefined : location),
        }),
        endpoint: { ...endpoint, url: endpoint.url ?? GOOGLE_TRANSLATE_ENDPOINT },
        close: async () => {},
      };
    }
  }
}

async function openApertium(
  endpoint: EndpointChoice,
  fetch: { fetch?: FetchFunction },
  report: (line: string) => void,
): Promise<OpenedProvider> {
  const url = endpoint.url ?? APERTIUM_DEFAULT_URL;
  // With an injected fetch (tests, embedding apps) the caller answers for the endpoint.
  if (fetch.fetch !== undefined || (await isApyAnswering(url))) {
    return {
      provider: createApertiumTranslator({ ...fetch, baseUrl: url }),
      endpoint: { ...endpoint, url },
      close: async () => {},
    };
  }
  if (endpoint.url !== undefined) throw unreachable(url, endpoint.origin);
  const apy = await startLocalApy();
  report(`Started Apertium APY on ${apy.url} for this job (loopback only; stopped when the job ends).\n`);
  return {
    provider: createApertiumTranslator({ baseUrl: apy.url }),
    endpoint: { url: apy.url, origin: 'a local APY started for this job' },
    close: () => apy.stop(),
  };
}

function chooseEndpoint(
  args: TranslationProviderChoice,
  env: Record<string, string | undefined>,
): EndpointChoice {
  if (args.endpoint !== undefined) return { url: args.endpoint, origin: '--endpoint' };
  const variable = environmentVariables[args.provider];
  const fromEnvironment = variable === undefined ? undefined : env[variable];
  if (variable !== undefined && fromEnvironment !== undefined && fromEnvironment !== '') {
    return { url: fromEnvironment, origin: `the ${variable} environment variable` };
  }
  return { url: undefined, origin: 'the default' };
}

/**
 * A job error that means nothing answers at the endpoint, restated as the configuration error it is,
 * naming the endpoint and where it was set; other errors are returned as they are.
 */
export function explainUnreachable(error: unknown, endpoint: EndpointChoice): unknown {
  const code = findNetworkErrorCode(error);
  if (code !== 'ECONNREFUSED' && code !== 'ENOTFOUND' && code !== 'EAI_AGAIN') return error;
  return unreachable(endpoint.url ?? 'the provider default', endpoint.origin, code, error);
}

function unreachable(
  url: string,
  origin: string,
  code = 'ECONNREFUSED',
  cause?: unknown,
): ConfigurationError {
  const what = code === 'ECONNREFUSED' ? 'Nothing answers at' : 'Cannot find the host of';
  return new ConfigurationError({
    code: 'endpoint_unreachable',
    setting: origin,
    message: `${what} ${url} (${code}), the endpoint set by ${origin}. Start the server there, or correct ${origin === 'the default' ? 'the endpoint with --endpoint' : origin}.`,
    ...(cause === undefined ? {} : { cause }),
  });
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
