import { HttpResponse, http } from 'msw';
import { type FakeService, FakeServiceState } from './fake-service';
import { type FaultPlan, headersToRecord, parseBodyForRecord, type RecordedRequest } from './fault-plan';

// A fake of an OpenAI-compatible Chat Completions endpoint used as a translator:
// - request/response: https://platform.openai.com/docs/api-reference/chat/create (`choices[0].message.content`,
//   `finish_reason`, `usage.prompt_tokens` / `completion_tokens`); JSON mode `response_format: json_object`
// - Azure OpenAI path `/openai/deployments/{d}/chat/completions?api-version=…` and `api-key` header:
//   https://learn.microsoft.com/azure/ai-services/openai/reference
// - errors `{"error":{"message","type","param","code"}}`: 401 invalid_api_key, 429 rate_limit_exceeded (with
//   `retry-after`) vs insufficient_quota, 500, 503: https://platform.openai.com/docs/guides/error-codes
// - content filtering: https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter — a prompt
//   that triggers the filter is refused with 400 `{"error":{"code":"content_filter","param":"prompt",…}}`; a
//   completion that does is cut and answered 200 with `finish_reason: "content_filter"`. Both are billed.
// The "model" answers the numbered segments it was sent, upper-cased; `misbehave` lets a test make it merge,
// drop or reorder segments, as real models sometimes do, and `contentFilter` makes it refuse some texts.

/** Options of {@link createOpenAiChatHandlers}. */
export interface OpenAiChatHandlerOptions {
  /** The completions URL to answer (path only matched). Default `https://api.openai.com/v1/chat/completions`. */
  url?: string;
  /** The key accepted, as a bearer token (or in `api-key` with `azure`). Default: any non-empty key. */
  apiKey?: string;
  /** Expect Azure OpenAI's `api-key` header instead of a bearer token. */
  azure?: boolean;
  /**
   * Changes the segments the "model" answers, given the ids and texts sent; e.g. drop the last one when more
   * than 4 were sent. Default: answers them all.
   */
  misbehave?: (segments: Array<{ id: number; text: string }>) => Array<{ id: number; text: string }>;
  /**
   * Which content filter, if any, a request trips, given the segments sent: `prompt` (400 content_filter)
   * or `completion` (200, `finish_reason: content_filter`). Default: none.
   */
  contentFilter?: (segments: Array<{ id: number; text: string }>) => 'prompt' | 'completion' | undefined;
  /** Faults to inject: throttles answer 429 rate_limit_exceeded; server faults 500/503 or resets. */
  faults?: FaultPlan;
}

/** msw handlers faking a chat-completions translator. Tokens are counted as characters ÷ 4, rounded up. */
export function createOpenAiChatHandlers(options: OpenAiChatHandlerOptions = {}): FakeService {
  const url = options.url ?? 'https://api.openai.com/v1/chat/completions';
  const state = new FakeServiceState(options.faults, ['http_500', 'http_503', 'connection_reset']);
  const error = (entry: RecordedRequest, status: number, code: string, message: string, headers = {}) => {
    entry.status = status;
    entry.errorCode = code;
    return HttpResponse.json(
      { error: { message, type: status === 429 ? 'requests' : 'invalid_request_error', param: null, code } },
      { status, headers },
    );
  };

  const completions = http.post(url.split('?')[0]!, async ({ request }) => {
    const sequence = state.nextSequence();
    const bodyText = await request.text();
    const entry: RecordedRequest = {
      sequence,
      method: request.method,
      url: request.url,
      headers: headersToRecord(request.headers),
      body: parseBodyForRecord(bodyText),
      outcome: 'rejected',
    };
    state.record(entry);
    const key = options.azure
      ? request.headers.get('api-key')
      : /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (options.apiKey !== undefined && key !== options.apiKey) {
      return error(entry, 401, 'invalid_api_key', 'Incorrect API key provided.');
    }
    const fault = state.faults.decide(sequence, bodyText);
    switch (fault.kind) {
      case 'throttle':
        entry.outcome = 'throttled';
        return error(
          entry,
          429,
          'rate_limit_exceeded',
          'Rate limit reached for requests per min (RPM).',
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
        );
      case 'http_500':
        entry.outcome = 'server_error';
        return error(entry, 500, 'server_error', 'The server had an error while processing your request.');
      case 'http_503':
      case 'http_504':
        entry.outcome = 'server_error';
        return error(
          entry,
          503,
          'server_error',
          'The engine is currently overloaded, please try again later.',
        );
      case 'connection_reset':
        entry.outcome = 'connection_reset';
        return HttpResponse.error();
      case 'malformed':
        entry.outcome = 'malformed';
        entry.status = 200;
        return new HttpResponse('{"choices":[{"message":', {
          headers: { 'Content-Type': 'application/json' },
        });
      case 'none':
        break;
    }
    const body = JSON.parse(bodyText) as { messages: Array<{ role: string; content: string }> };
    const system = body.messages.find((message) => message.role === 'system')?.content ?? '';
    const target = /into the language with code "([^"]+)"/.exec(system)?.[1] ?? '?';
    const user = JSON.parse(body.messages.find((message) => message.role === 'user')?.content ?? '{}') as {
      segments: Array<{ id: number; text: string }>;
    };
    const promptTokens = Math.ceil((system.length + JSON.stringify(user).length) / 4);
    const filtered = options.contentFilter?.(user.segments);
    if (filtered === 'prompt') {
      entry.status = 400;
      entry.errorCode = 'content_filter';
      return HttpResponse.json(
        {
          error: {
            message:
              "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
            type: null,
            param: 'prompt',
            code: 'content_filter',
            status: 400,
            innererror: {
              code: 'ResponsibleAIPolicyViolation',
              content_filter_result: { violence: { filtered: true, severity: 'high' } },
            },
          },
        },
        { status: 400 },
      );
    }
    if (filtered === 'completion') {
      entry.outcome = 'answered';
      entry.status = 200;
      return HttpResponse.json({
        id: `chatcmpl-fake-${sequence}`,
        object: 'chat.completion',
        model: 'fake-model',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: '{"translations":[' },
            finish_reason: 'content_filter',
          },
        ],
        usage: { prompt_tokens: promptTokens, completion_tokens: 4, total_tokens: promptTokens + 4 },
      });
    }
    const answered = (options.misbehave ?? ((segments) => segments))(user.segments);
    const content = JSON.stringify({
      translations: answered.map((segment) => ({
        id: segment.id,
        text: `[${target}] ${segment.text.toUpperCase()}`,
      })),
    });
    const completionTokens = Math.ceil(content.length / 4);
    entry.outcome = 'answered';
    entry.status = 200;
    return HttpResponse.json({
      id: `chatcmpl-fake-${sequence}`,
      object: 'chat.completion',
      model: 'fake-model',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    });
  });

  return {
    handlers: [completions],
    get requests() {
      return state.requests;
    },
    billedCharacters: () => 0,
    reset: () => state.reset(),
  };
}
