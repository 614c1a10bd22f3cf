import { setMaxListeners } from 'node:events';
import {
  ApiCallError,
  type RateLimiter,
  type RetryEvent,
  type RetryOptions,
  retry,
  ToexAbortError,
  ToexError,
} from '@toex/core';
import type { Budget, Money, UsageMeter } from '@toex/costing';
import { billedUsageOf } from '../pipeline/billed-failure';
import { describeFailure, isJobFatal, isThrottling } from '../pipeline/failure';
import type { SendRequest } from '../pipeline/translate-rows';
import type { TranslationProvider, TranslationResponse } from '../spec';
import { estimateRequestUsage, type RequestUsage } from './request-usage';

/** Options of {@link createRequestSender}. */
export interface RequestSenderOptions {
  provider: TranslationProvider;
  /** Paces requests to the provider's quota; absent: no pacing beyond the pipeline's in-flight cap. */
  limiter?: RateLimiter;
  /** Hard spending caps; a request that would cross one is refused before it is sent. */
  budget?: Budget;
  /**
   * Prices a number of billed characters; needed with `budget` for a provider billed per character
   * (`priceUsage` is used instead when given).
   */
  priceCharacters?: (characters: number) => Money;
  /**
   * Prices a request's usage: characters, or input and output tokens for a provider billed per token. With
   * `budget`, a request is reserved on its estimate and committed at the usage the provider reports.
   */
  priceUsage?: (usage: RequestUsage) => Money;
  /** Records our count beside the provider's reported usage for every answered request. */
  meter?: UsageMeter;
  /** For a provider billed per token: records our estimate beside the reported tokens, per request. */
  tokenMeters?: { input: UsageMeter; output: UsageMeter };
  /** Retry settings (`maxRetries`, delays); tests inject `sleep` and `random`. */
  retry?: Omit<RetryOptions, 'signal' | 'onRetry'>;
  /** When aborted, requests not yet on the wire are not sent (they fail with `ToexAbortError`). */
  stopSignal?: AbortSignal;
  /** Told about every retry, for progress events. */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Told when a request fails for good (after its retries), with how many requests the provider had
   * answered before: the job uses it to stop before writing anything when the very first answers are
   * refusals no retry can fix.
   */
  onFinalFailure?: (error: unknown, answeredRequests: number) => void;
}

/**
 * Wraps a provider into the pipeline's `send`: reserve the request's cost against the budget (refusing
 * before anything is sent), wait for the pacing limiter, call the provider under the one retry loop,
 * tell the limiter about 429s (and hand it back their characters, which the provider did not count), then
 * meter what was billed and settle the reservation.
 */
export function createRequestSender(options: RequestSenderOptions): SendRequest {
  const sendOnce = createSingleSender(options);
  // A reply that does not match the request item for item (a chat model merged or skipped a segment), or
  // a refusal of the whole request (a content filter), is not worth sending again as it was; halves are,
  // down to single texts, so one odd text fails alone and the rest of the request is translated.
  const send = async (
    request: Parameters<SendRequest>[0],
    measure: Parameters<SendRequest>[1],
    signal: Parameters<SendRequest>[2],
    split: boolean,
  ): Promise<TranslationResponse> => {
    try {
      return await sendOnce(request, measure, signal);
    } catch (error) {
      if (!isSplittable(error)) throw error;
      if (request.texts.length < 2) {
        // Alone, and still refused or mismatched: this text fails, the rest of the request it came from
        // does not. A request that was a single text from the start fails as a request does.
        if (!split) throw error;
        return singleTextFailure(options.provider.id, error);
      }
      const middle = Math.ceil(request.texts.length / 2);
      const halves = [request.texts.slice(0, middle), request.texts.slice(middle)];
      const total = request.texts.reduce((sum, text) => sum + text.length, 0) || 1;
      const responses = [];
      for (const texts of halves) {
        const share = texts.reduce((sum, text) => sum + text.length, 0) / total;
        responses.push(
          await send(
            { ...request, texts },
            { characters: Math.ceil(measure.characters * share), texts: texts.length },
            signal,
            true,
          ),
        );
      }
      return mergeResponses(responses);
    }
  };
  return (request, measure, signal) => send(request, measure, signal, false);
}

/**
 * Errors that mean "this request's reply cannot be used as a whole, though parts of it may translate":
 * retried in halves. A reply whose segments do not match those sent (`segment_mismatch`), and a content
 * filter's refusal (`content_filter`), which is usually about one message among many.
 */
export function isSplittable(error: unknown): boolean {
  if (!ToexError.isInstance(error)) return false;
  return (
    splittableCodes.has(error.code) ||
    (ApiCallError.isInstance(error) && splittableCodes.has(error.providerCode ?? ''))
  );
}

const splittableCodes = new Set(['segment_mismatch', 'content_filter']);

/** The answer for one text that failed on its own: no translation, and why, for its rows' status. */
function singleTextFailure(providerId: string, error: unknown): TranslationResponse {
  const described = describeFailure(error);
  // A content filter refuses the prompt with an HTTP 400 (`http_400`) or cuts the reply (`content_filter`):
  // the row says the same, `content_filter`, either way.
  const code =
    ApiCallError.isInstance(error) && error.providerCode === 'content_filter'
      ? 'content_filter'
      : described.code;
  const { message } = described;
  return {
    items: [
      {
        translations: {},
        failure: {
          code,
          message: `${providerId} could not translate this text even when it was sent on its own (the other texts of its request were translated): ${message}`,
        },
      },
    ],
    warnings: [],
  };
}

function mergeResponses(responses: TranslationResponse[]): TranslationResponse {
  const sum = (pick: (response: TranslationResponse) => number | undefined) =>
    responses.every((response) => pick(response) !== undefined)
      ? responses.reduce((total, response) => total + (pick(response) ?? 0), 0)
      : undefined;
  const metered = sum((response) => response.meteredCharacters);
  const billable = sum((response) => response.billableCharacters);
  const inputTokens = sum((response) => response.usage?.inputTokens);
  const outputTokens = sum((response) => response.usage?.outputTokens);
  return {
    items: responses.flatMap((response) => response.items),
    ...(metered === undefined ? {} : { meteredCharacters: metered }),
    ...(billable === undefined ? {} : { billableCharacters: billable }),
    ...(inputTokens === undefined || outputTokens === undefined
      ? {}
      : { usage: { inputTokens, outputTokens } }),
    warnings: responses.flatMap((response) => response.warnings),
  };
}

function createSingleSender(options: RequestSenderOptions): SendRequest {
  const { provider, limiter, budget, meter } = options;
  // Set when the provider refuses the credentials, quota or endpoint: every later request would be refused
  // the same way, so the requests still waiting for their turn fail with that refusal instead of being sent.
  let refused: unknown;
  let answeredRequests = 0;
  return async (request, measure, signal) => {
    // Every request waiting for pacing, a retry or an answer listens for the job's abort signal. Dozens at
    // once are normal (each is removed when its request ends), but past 10 Node prints "possible memory
    // leak" to the user's terminal.
    setMaxListeners(0, signal);
    // As sent: glossary markup the provider bills is reserved too, not only the texts; for a provider
    // billed per token, its estimate of the tokens.
    const estimated = estimateRequestUsage(provider, request);
    const billedCharacters = estimated.characters;
    const price =
      options.priceUsage ??
      (options.priceCharacters === undefined
        ? undefined
        : (usage: RequestUsage) => options.priceCharacters!(usage.characters));
    const reservation =
      budget !== undefined && price !== undefined ? budget.reserve(price(estimated)) : undefined;
    try {
      const response = await retry(
        async (_attempt, attemptSignal) => {
          // Paced on request characters as the provider's limits count them (per target where it counts
          // so), which is what its quota meters; self-hosted engines bill nothing but still have a pace.
          const permit = await limiter?.acquire(
            { characters: measure.characters, requests: 1 },
            attemptSignal,
          );
          try {
            if (refused !== undefined) throw refused;
            ToexAbortError.throwIfAborted(options.stopSignal);
            const answer = await provider.translate(request, { signal: attemptSignal ?? signal });
            limiter?.succeeded();
            return answer;
          } catch (error) {
            // Noted before the permit goes to the next request in line.
            if (refused === undefined && isJobFatal(error)) refused = error;
            if (limiter !== undefined && isThrottling(error)) {
              limiter.throttled({
                ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
                ...(permit === undefined ? {} : { permit }),
              });
              // A throttle (429) is a refusal: the provider neither processed nor counted the request, so its
              // characters go back to the window (after the pause is set, so the room waits it out).
              // Timeouts and resets keep theirs: the provider may have counted those.
              permit?.refund();
            }
            throw error;
          } finally {
            permit?.release();
          }
        },
        { ...options.retry, signal, ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }) },
      );
      answeredRequests += 1;
      const counted = response.billableCharacters ?? billedCharacters;
      meter?.record({
        counted,
        reported: response.meteredCharacters,
        ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
      });
      const tokens = options.tokenMeters;
      if (tokens !== undefined) {
        tokens.input.record({ counted: estimated.inputTokens, reported: response.usage?.inputTokens });
        tokens.output.record({ counted: estimated.outputTokens, reported: response.usage?.outputTokens });
      }
      // Settle at what the provider says it billed when it says; our own count (or estimate) otherwise.
      if (reservation !== undefined && price !== undefined)
        reservation.commit(
          price({
            characters: response.meteredCharacters ?? counted,
            ...(estimated.inputTokens === undefined
              ? {}
              : { inputTokens: response.usage?.inputTokens ?? estimated.inputTokens }),
            ...(estimated.outputTokens === undefined
              ? {}
              : { outputTokens: response.usage?.outputTokens ?? estimated.outputTokens }),
          }),
        );
      return response;
    } catch (error) {
      // A reply the provider billed but that could not be used (a chat model's mismatched segments) is
      // still paid for: metered and charged, so the ledger sums to the bill.
      const wasted = billedUsageOf(error);
      if (wasted !== undefined && options.tokenMeters !== undefined) {
        options.tokenMeters.input.record({ counted: estimated.inputTokens, reported: wasted.inputTokens });
        options.tokenMeters.output.record({ counted: estimated.outputTokens, reported: wasted.outputTokens });
      }
      if (wasted !== undefined && reservation !== undefined && price !== undefined)
        reservation.commit(price({ characters: 0, ...wasted }));
      else reservation?.release();
      options.onFinalFailure?.(error, answeredRequests);
      throw error;
    }
  };
}
