import { HttpResponse, http } from 'msw';
import { type FakeService, FakeServiceState } from './fake-service';
import { type FaultPlan, headersToRecord, parseBodyForRecord, type RecordedRequest } from './fault-plan';

// A fake of Azure AI Translator API version 2026-06-06 `POST /translate?api-version=2026-06-06`:
// - request `{"inputs":[{"text","language","textType","targets":[{"language","deploymentName"}]}]}` and response
//   `{"value":[{"detectedLanguage","translations":[{"text","language","sourceCharacters"}]}]}`, header
//   `sourceCharactersCharged`: https://learn.microsoft.com/azure/ai-services/translator/text-translation/2026-06-06/translate-api
// - no Detect, BreakSentence or Dictionary operations:
//   https://learn.microsoft.com/azure/ai-services/translator/text-translation/how-to/migrate-to-2026-06-06
// - auth headers as v3: https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/authentication
// - error codes and bodies as v3 (`{"error":{"code":429001,"message":…}}`):
//   https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/status-response-codes
// Whether v3's 1,000-input / 50,000-character limits apply unchanged is not documented; the fake applies them.

/** Options of {@link createAzureTranslator2026Handlers}. */
export interface AzureTranslator2026HandlerOptions {
  /** Base URL (`/translate` is appended). Default `https://api.cognitive.microsofttranslator.com`. */
  baseUrl?: string;
  /** The only key accepted in `Ocp-Apim-Subscription-Key`. Default: any non-empty key. */
  apiKey?: string;
  /** Language reported when an input has no `language`. Default `es`. */
  detect?: (text: string) => string;
  /** Faults to inject: throttles answer 429001 (no Retry-After unless the plan gives one), 500000, 503000, resets. */
  faults?: FaultPlan;
}

/** msw handlers faking Translator 2026-06-06. Translations read `[<target>] <TEXT>`. */
export function createAzureTranslator2026Handlers(
  options: AzureTranslator2026HandlerOptions = {},
): FakeService {
  const baseUrl = (options.baseUrl ?? 'https://api.cognitive.microsofttranslator.com').replace(/\/+$/, '');
  const detect = options.detect ?? (() => 'es');
  const state = new FakeServiceState(options.faults, ['http_500', 'http_503', 'connection_reset']);

  function fail(entry: RecordedRequest, code: number, message: string, headers: Record<string, string> = {}) {
    const status = Math.floor(code / 1000);
    entry.status = status;
    entry.errorCode = String(code);
    return HttpResponse.json(
      { error: { code, message } },
      { status, headers: { 'X-RequestId': `fake-${entry.sequence}`, ...headers } },
    );
  }

  const translate = http.post(`${baseUrl}/translate`, async ({ request }) => {
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
    const key = request.headers.get('ocp-apim-subscription-key');
    if (key === null || key === '' || (options.apiKey !== undefined && key !== options.apiKey)) {
      return fail(entry, 401000, "The request isn't authorized because credentials are missing or invalid.");
    }
    if (new URL(request.url).searchParams.get('api-version') !== '2026-06-06') {
      return fail(entry, 400021, 'The API version parameter is missing or invalid.');
    }
    const fault = state.faults.decide(sequence, bodyText);
    switch (fault.kind) {
      case 'throttle':
        entry.outcome = 'throttled';
        return fail(
          entry,
          429001,
          'The server rejected the request because the client exceeded request limits.',
          fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
        );
      case 'http_500':
        entry.outcome = 'server_error';
        return fail(entry, 500000, 'An unexpected error occurred.');
      case 'http_503':
      case 'http_504':
        entry.outcome = 'server_error';
        return fail(entry, 503000, 'Service is temporarily unavailable. Retry.');
      case 'connection_reset':
        entry.outcome = 'connection_reset';
        return HttpResponse.error();
      case 'malformed':
        entry.outcome = 'malformed';
        entry.status = 200;
        return new HttpResponse('{"value":[{"translations":[', {
          headers: { 'Content-Type': 'application/json' },
        });
      case 'none':
        break;
    }
    let inputs: Array<{ text?: unknown; language?: unknown; targets?: Array<{ language?: unknown }> }>;
    try {
      const body = JSON.parse(bodyText) as { inputs?: unknown };
      if (!Array.isArray(body.inputs)) return fail(entry, 400000, 'One of the request inputs is not valid.');
      inputs = body.inputs as typeof inputs;
    } catch {
      return fail(entry, 400074, "The body of the request isn't valid JSON.");
    }
    if (inputs.length > 1_000) return fail(entry, 400072, 'The array of input text has too many elements.');
    let charged = 0;
    for (const input of inputs) {
      if (typeof input.text !== 'string' || input.text === '')
        return fail(entry, 400005, 'An input text is missing or invalid.');
      if (
        !Array.isArray(input.targets) ||
        input.targets.length === 0 ||
        input.targets.some((t) => typeof t.language !== 'string' || t.language === '')
      ) {
        return fail(entry, 400036, 'The target language ("To" field) is missing or invalid.');
      }
      charged += input.text.length * input.targets.length;
    }
    if (charged > 50_000)
      return fail(entry, 400077, 'The maximum request size is exceeded. View request limits.');
    entry.outcome = 'answered';
    entry.status = 200;
    entry.billedCharacters = charged;
    return HttpResponse.json(
      {
        value: inputs.map((input) => ({
          ...(input.language === undefined
            ? { detectedLanguage: { language: detect(String(input.text)), score: 1 } }
            : {}),
          translations: (input.targets ?? []).map((target) => ({
            text: `[${String(target.language)}] ${String(input.text).toUpperCase()}`,
            language: target.language,
            sourceCharacters: String(input.text).length,
          })),
        })),
      },
      { headers: { 'X-RequestId': `fake-${sequence}`, sourceCharactersCharged: String(charged) } },
    );
  });

  return {
    handlers: [translate],
    get requests() {
      return state.requests;
    },
    billedCharacters: () => state.billedCharacters(),
    reset: () => state.reset(),
  };
}
