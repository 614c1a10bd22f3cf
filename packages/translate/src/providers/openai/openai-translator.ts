import {
  ApiCallError,
  assertSecureEndpoint,
  ConfigurationError,
  createHttpClient,
  isLoopbackHost,
  loadSecret,
  loadSetting,
  parseSettings,
  toexUserAgent,
} from '@toex/core';
import { withBilledUsage } from '../../pipeline/billed-failure';
import type {
  TranslationCallOptions,
  TranslationProvider,
  TranslationRequest,
  TranslationResponse,
  TranslationWarning,
} from '../../spec';
import { VERSION } from '../../version';
import { type ChatCompletionRequestBody, chatCompletionResponseSchema } from './openai-api';
import { parseOpenAiError } from './openai-errors';
import { numberSegments, readNumberedReply, translationInstruction } from './openai-segments';
import { type OpenAiTranslatorSettings, openAiTranslatorSettingsSchema } from './openai-settings';
import { estimateChatTranslationTokens } from './openai-token-estimate';

/** OpenAI's API. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** Azure OpenAI data-plane version used when none is given (latest GA inference version). */
export const AZURE_OPENAI_DEFAULT_API_VERSION = '2024-10-21';

/**
 * The error code of a reply whose segments do not match those sent (merged, split, skipped, reordered or not
 * JSON). Nothing from such a reply is used; the pipeline sends the request again in halves.
 */
export const SEGMENT_MISMATCH = 'segment_mismatch';

/**
 * A {@link TranslationProvider} that uses a chat model as a translator: OpenAI, Azure OpenAI, or a local
 * OpenAI-compatible server. The texts go as numbered JSON segments, the model answers the same numbers, and
 * the answer is checked: the count and the order must match, or the request fails with `segment_mismatch`
 * (not retried as is; the toex pipeline retries such a request in halves). Temperature 0, JSON mode.
 * Tokens billed are reported as `usage` on every response.
 *
 * Billed per token (`billing.unit: 'token'`): jobs price input and output tokens from the catalogue entries
 * `openai/chat-translation/<model>:input` and `…:output` (`azure-openai/…/<deployment>:…` on Azure), which
 * the built-in catalogue has for gpt-4o-mini, gpt-4.1-mini and gpt-4.1-nano. Before sending, the tokens are
 * estimated from the characters (`estimateTokens`, see `estimateTextTokens`); a budget reserves on the
 * estimate and is settled at the reply's `usage`. Another model's cost is unknown until its prices are
 * given in a price file (`--prices FILE`).
 *
 * @example
 * const gpt = createOpenAiTranslator({ model: 'gpt-4o-mini' }); // key from OPENAI_API_KEY
 */
export function createOpenAiTranslator(given: OpenAiTranslatorSettings): TranslationProvider {
  const settings = parseSettings(openAiTranslatorSettingsSchema, given, 'createOpenAiTranslator');
  const azure = settings.azure;
  if (azure === undefined && settings.model === undefined) {
    throw new ConfigurationError({
      code: 'missing_setting',
      setting: 'model',
      message:
        "Name the chat model to translate with, e.g. createOpenAiTranslator({ model: 'gpt-4o-mini' }).",
    });
  }
  const base = azure === undefined ? (settings.baseUrl ?? OPENAI_DEFAULT_BASE_URL) : azure.endpoint;
  const baseUrl = assertSecureEndpoint(base);
  const root = `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '').replace(/\/chat\/completions$/i, '')}`;
  const url =
    azure === undefined
      ? `${root}/chat/completions`
      : `${root}/openai/deployments/${encodeURIComponent(azure.deployment)}/chat/completions?api-version=${encodeURIComponent(azure.apiVersion ?? AZURE_OPENAI_DEFAULT_API_VERSION)}`;
  const local = isLoopbackHost(baseUrl.hostname);
  const key = () => {
    const variable = azure === undefined ? 'OPENAI_API_KEY' : 'AZURE_OPENAI_API_KEY';
    // A local server usually takes no key; one is sent when given.
    if (local && loadSetting({ value: settings.apiKey, environmentVariable: variable }) === undefined)
      return undefined;
    return loadSecret({
      value: settings.apiKey,
      environmentVariable: variable,
      description: 'The chat model API key',
    });
  };
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/translate', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs ?? 120_000,
    logger: settings.logger,
    headers: () => {
      const secret = key();
      if (secret === undefined) return {};
      return azure === undefined ? { authorization: `Bearer ${secret}` } : { 'api-key': secret };
    },
  });
  const model = azure?.deployment ?? settings.model!;

  return {
    id: azure === undefined ? 'openai' : 'azure-openai',
    apiVersion: azure === undefined ? 'v1' : (azure.apiVersion ?? AZURE_OPENAI_DEFAULT_API_VERSION),
    endpoint: root,
    model,
    limits: {
      maxItemsPerRequest: settings.maxSegmentsPerRequest ?? 40,
      maxCharactersPerRequest: settings.maxCharactersPerRequest ?? 6_000,
      charactersCountPerTarget: false,
    },
    capabilities: { detectsLanguage: false, multipleTargets: false, glossary: 'none' },
    billing: {
      provider: azure === undefined ? 'openai' : 'azure-openai',
      service: 'chat-translation',
      sku: model,
      characterCounting: 'utf16',
      billedPerTarget: true,
      billsMarkup: true,
      unit: 'token',
    },

    estimateTokens(request: TranslationRequest) {
      // One request per target: the pipeline sends each target on its own to a provider like this.
      return request.to.reduce(
        (total, target) => {
          const tokens = estimateChatTranslationTokens(request.texts, request.from, target);
          return {
            inputTokens: total.inputTokens + tokens.inputTokens,
            outputTokens: total.outputTokens + tokens.outputTokens,
          };
        },
        { inputTokens: 0, outputTokens: 0 },
      );
    },

    async translate(
      request: TranslationRequest,
      options: TranslationCallOptions = {},
    ): Promise<TranslationResponse> {
      const [target, ...others] = request.to;
      if (target === undefined || others.length > 0) {
        throw new ConfigurationError({
          code: 'unsupported_option',
          setting: 'to',
          message: `A chat model translates into one language per request here; got ${request.to.length}. The toex pipeline sends one request per target.`,
        });
      }
      if (request.texts.length === 0) return { items: [], warnings: [] };
      const warnings: TranslationWarning[] = [];
      if (request.glossary !== undefined && request.glossary.entries.length > 0) {
        warnings.push({
          type: 'unsupported',
          message: 'The chat translator takes no glossary; the toex pipeline protects glossary terms itself.',
        });
      }
      const body: ChatCompletionRequestBody = {
        ...(azure === undefined ? { model } : {}),
        messages: [
          { role: 'system', content: translationInstruction(request.from, target) },
          { role: 'user', content: numberSegments(request.texts) },
        ],
        temperature: 0,
        response_format: { type: 'json_object' },
      };
      const response = await http.postJson({
        url,
        body,
        signal: options.signal,
        responseSchema: chatCompletionResponseSchema,
        errorParser: parseOpenAiError,
      });
      const choice = response.value.choices[0]!;
      const usage = response.value.usage;
      // The reply was billed even when it cannot be used: the error carries its tokens to the meter.
      const billedTokens =
        usage === null || usage === undefined
          ? undefined
          : { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
      const fail = (problem: string, code: string, hint: string) => {
        const error = new ApiCallError({
          method: 'POST',
          url,
          code,
          statusCode: response.statusCode,
          ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
          responseHeaders: response.headers,
          retryable: false,
          problem,
          hint,
        });
        return billedTokens === undefined ? error : withBilledUsage(error, billedTokens);
      };
      if (choice.finish_reason === 'content_filter') {
        throw fail(
          'was stopped by the content filter',
          'content_filter',
          'Translate these rows with another provider.',
        );
      }
      if (choice.finish_reason === 'length') {
        throw fail(
          'stopped at the output token limit before finishing',
          SEGMENT_MISMATCH,
          'toex retries it in smaller requests.',
        );
      }
      const reply = readNumberedReply(choice.message.content ?? '', request.texts.length);
      if ('problem' in reply) {
        throw fail(
          reply.problem,
          SEGMENT_MISMATCH,
          'Nothing from the reply was used; toex retries it in smaller requests.',
        );
      }
      return {
        items: reply.texts.map((text) => ({ translations: { [target]: text } })),
        ...(billedTokens === undefined ? {} : { usage: billedTokens }),
        ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
        warnings,
      };
    },
  };
}
