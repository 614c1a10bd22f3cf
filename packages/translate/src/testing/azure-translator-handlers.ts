import { delay, HttpResponse, http } from 'msw';
import { type FakeService, FakeServiceState } from './fake-service';
import type { FaultDecision, FaultPlan, RecordedRequest } from './fault-plan';
import { headersToRecord, parseBodyForRecord } from './fault-plan';

// A fake of Azure AI Translator v3.0 `POST /translate` that follows the documented wire format:
// - request, response, headers: https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/v3/translate
// - authentication headers: https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/authentication
// - limits: https://learn.microsoft.com/azure/ai-services/translator/service-limits#character-and-array-limits-per-request
// - error codes and bodies: https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/status-response-codes
// - dynamic dictionary: https://learn.microsoft.com/azure/ai-services/translator/text-translation/how-to/use-dynamic-dictionary
// - billing (every character of Text, markup included, per target; surrogate pairs count two):
//   https://learn.microsoft.com/azure/ai-services/translator/faq

/** Options of {@link createAzureTranslatorHandlers}. */
export interface AzureTranslatorHandlerOptions {
  /**
   * Base URL the fake answers under (`/translate` is appended). Default the global endpoint
   * `https://api.cognitive.microsofttranslator.com`; a custom endpoint includes its path, e.g.
   * `https://my-resource.cognitiveservices.azure.com/translator/text/v3.0`.
   */
  baseUrl?: string;
  /** The only key accepted in `Ocp-Apim-Subscription-Key`. Default: any non-empty key. */
  apiKey?: string;
  /** When set, `Ocp-Apim-Subscription-Region` must equal it (a regional resource). */
  region?: string;
  /** When set, `Authorization: Bearer <token>` with this token is accepted too. */
  bearerToken?: string;
  /**
   * With a bearer token on a non-custom endpoint, `Ocp-Apim-ResourceId` must equal this. Default: any
   * non-empty resource id.
   */
  resourceId?: string;
  /** Turns a plain text segment into its "translation". Default: upper-cases it. Output is `[<to>] <segments>`. */
  transform?: (segment: string, target: string) => string;
  /** Language reported when `from` is omitted. Default `{ language: 'es', score: 1 }`. */
  detect?: (text: string) => { language: string; score: number };
  /** Faults to inject. Default none. */
  faults?: FaultPlan;
  /** Milliseconds to wait before every answer. Default 0. */
  latencyMs?: number;
  /**
   * Language codes the service knows; others are refused as Azure does (400035 for `from`, 400036 for
   * `to`). Default: any non-empty code.
   */
  languages?: readonly string[];
}

/** Documented messages of the error codes the fake answers. */
const errorMessages: Record<number, string> = {
  400005: 'An input text is missing or invalid.',
  400020: "One of the elements in the array of input text isn't valid.",
  400021: 'The API version parameter is missing or invalid.',
  400035: 'The source language ("From" field) isn\'t valid.',
  400036: 'The target language ("To" field) is missing or invalid.',
  400050: 'The input text is too long. View request limits.',
  400071: "The value isn't valid for TextType.",
  400072: 'The array of input text has too many elements.',
  400074: "The body of the request isn't valid JSON.",
  400077: 'The maximum request size is exceeded. View request limits.',
  401000: "The request isn't authorized because credentials are missing or invalid.",
  415000: 'The Content-Type header is missing or invalid.',
  429001: 'The server rejected the request because the client exceeded request limits.',
  500000: 'An unexpected error occurred.',
  503000: 'Service is temporarily unavailable. Retry.',
};

const dictionaryPattern = /<mstrans:dictionary translation="([^"]*)">([\s\S]*?)<\/mstrans:dictionary>/g;

function unescapeXml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#10;/g, '\n')
    .replace(/&#13;/g, '\r')
    .replace(/&#9;/g, '\t')
    .replace(/&amp;/g, '&');
}

/** The fake's translation: dictionary markup resolved to its translation, other segments transformed. */
function fakeTranslation(
  text: string,
  target: string,
  transform: (segment: string, target: string) => string,
) {
  let output = '';
  let last = 0;
  for (const match of text.matchAll(dictionaryPattern)) {
    output += transform(text.slice(last, match.index), target) + unescapeXml(match[1] ?? '');
    last = match.index + match[0].length;
  }
  return `[${target}] ${output}${transform(text.slice(last), target)}`;
}

/** A deterministic request id in the GUID shape Azure uses. */
function requestIdFor(sequence: number): string {
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

/**
 * msw handlers faking Azure AI Translator v3.0 `POST /translate`: validates authentication (key, region,
 * Entra ID bearer + `Ocp-Apim-ResourceId`), `api-version`, `Content-Type`, `to`, `textType` and the body;
 * refuses over-limit requests with the documented error codes (400072 over 1,000 elements, 400050 a text over
 * 50,000 characters, 400077 over 50,000 characters across all targets); translates deterministically
 * (`[de] HOLA`, dynamic-dictionary markup replaced by its translation); answers `X-requestid`,
 * `X-metered-usage` (UTF-16 code units of every `Text`, markup included, times the number of targets) and
 * `X-mt-system`; and injects the faults of `options.faults`.
 */
export function createAzureTranslatorHandlers(options: AzureTranslatorHandlerOptions = {}): FakeService {
  const baseUrl = (options.baseUrl ?? 'https://api.cognitive.microsofttranslator.com').replace(/\/+$/, '');
  const isCustomEndpoint = /\.cognitiveservices\.azure\.com$/i.test(new URL(baseUrl).hostname);
  const transform = options.transform ?? ((segment: string) => segment.toUpperCase());
  const detect = options.detect ?? (() => ({ language: 'es', score: 1 }));
  const state = new FakeServiceState(options.faults, ['http_500', 'http_503', 'connection_reset']);

  const errorResponse = (
    status: number,
    code: number,
    sequence: number,
    headers: Record<string, string> = {},
  ) =>
    HttpResponse.json(
      { error: { code, message: errorMessages[code] ?? 'Error.' } },
      { status, headers: { 'X-requestid': requestIdFor(sequence), ...headers } },
    );

  function checkAuthentication(headers: Headers): boolean {
    const region = headers.get('ocp-apim-subscription-region');
    if (options.region !== undefined && region !== options.region) return false;
    const authorization = headers.get('authorization');
    if (authorization !== null) {
      const token = /^Bearer (.+)$/.exec(authorization)?.[1];
      if (token === undefined || options.bearerToken === undefined || token !== options.bearerToken)
        return false;
      if (isCustomEndpoint) return true;
      const resourceId = headers.get('ocp-apim-resourceid');
      return (
        resourceId !== null &&
        resourceId !== '' &&
        (options.resourceId === undefined || resourceId === options.resourceId)
      );
    }
    const key = headers.get('ocp-apim-subscription-key');
    return key !== null && key !== '' && (options.apiKey === undefined || key === options.apiKey);
  }

  const handler = http.post(`${baseUrl}/translate`, async ({ request }) => {
    const sequence = state.nextSequence();
    const bodyText = await request.text();
    const url = new URL(request.url);
    const entry: RecordedRequest = {
      sequence,
      method: request.method,
      url: request.url,
      headers: headersToRecord(request.headers),
      body: parseBodyForRecord(bodyText),
      outcome: 'rejected',
    };
    state.record(entry);
    if ((options.latencyMs ?? 0) > 0) await delay(options.latencyMs);

    const reject = (status: number, code: number) => {
      entry.status = status;
      entry.errorCode = String(code);
      return errorResponse(status, code, sequence);
    };

    if (!checkAuthentication(request.headers)) return reject(401, 401000);
    const fault = state.faults.decide(sequence, `${url.search}\n${bodyText}`);
    const injected = injectFault(fault, entry, sequence);
    if (injected !== undefined) return injected;

    if (url.searchParams.get('api-version') !== '3.0') return reject(400, 400021);
    if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
      return reject(415, 415000);
    }
    const targets = url.searchParams.getAll('to');
    if (targets.length === 0 || targets.some((target) => target.trim() === '')) return reject(400, 400036);
    if (options.languages !== undefined && targets.some((target) => !options.languages!.includes(target))) {
      return reject(400, 400036);
    }
    const from = url.searchParams.get('from') ?? undefined;
    if (from !== undefined && from.trim() === '') return reject(400, 400035);
    if (from !== undefined && options.languages !== undefined && !options.languages.includes(from)) {
      return reject(400, 400035);
    }
    const textType = url.searchParams.get('textType');
    if (textType !== null && textType !== 'plain' && textType !== 'html') return reject(400, 400071);

    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return reject(400, 400074);
    }
    if (!Array.isArray(body)) return reject(400, 400074);
    if (body.some((element) => element === null || typeof element !== 'object' || Array.isArray(element))) {
      return reject(400, 400020);
    }
    const texts: string[] = [];
    for (const element of body as Array<Record<string, unknown>>) {
      const text = element.Text;
      if (typeof text !== 'string') return reject(400, 400005);
      texts.push(text);
    }
    if (texts.length > 1_000) return reject(400, 400072);
    if (texts.some((text) => text.length > 50_000)) return reject(400, 400050);
    const billed = texts.reduce((sum, text) => sum + text.length, 0) * targets.length;
    if (billed > 50_000) return reject(400, 400077);

    entry.outcome = 'answered';
    entry.status = 200;
    entry.billedCharacters = billed;
    const results = texts.map((text) => ({
      ...(from === undefined ? { detectedLanguage: detect(text) } : {}),
      translations: targets.map((target) => ({ text: fakeTranslation(text, target, transform), to: target })),
    }));
    return HttpResponse.json(results, {
      headers: {
        'X-requestid': requestIdFor(sequence),
        'X-metered-usage': String(billed),
        'X-mt-system': targets.map(() => 'Team').join(','),
      },
    });
  });

  function injectFault(fault: FaultDecision, entry: RecordedRequest, sequence: number): Response | undefined {
    switch (fault.kind) {
      case 'none':
        return undefined;
      case 'throttle':
        entry.outcome = 'throttled';
        entry.status = 429;
        entry.errorCode = '429001';
        return errorResponse(
          429,
          429001,
          sequence,
          fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
        );
      case 'http_500':
        entry.outcome = 'server_error';
        entry.status = 500;
        entry.errorCode = '500000';
        return errorResponse(500, 500000, sequence);
      // Azure documents no 504; a plan asking for one gets Azure's 503.
      case 'http_503':
      case 'http_504':
        entry.outcome = 'server_error';
        entry.status = 503;
        entry.errorCode = '503000';
        return errorResponse(503, 503000, sequence);
      case 'connection_reset':
        entry.outcome = 'connection_reset';
        return HttpResponse.error();
      case 'malformed':
        entry.outcome = 'malformed';
        entry.status = 200;
        return new HttpResponse('[{"translations":[{"text":"', {
          status: 200,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'X-requestid': requestIdFor(sequence),
          },
        });
    }
  }

  return {
    handlers: [handler],
    get requests() {
      return state.requests;
    },
    billedCharacters: () => state.billedCharacters(),
    reset: () => state.reset(),
  };
}
