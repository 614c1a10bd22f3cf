import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { delay, HttpResponse, http } from 'msw';
import { type FakeService, FakeServiceState } from './fake-service';
import type { FaultDecision, FaultPlan, RecordedRequest } from './fault-plan';
import { headersToRecord, parseBodyForRecord } from './fault-plan';

// A fake of Google Cloud Translation that follows its documented wire format:
// - v2 (Basic) `POST /language/translate/v2`: https://cloud.google.com/translate/docs/reference/rest/v2/translate
//   (`q` repeated or an array, `target`, `source`, `format` = html (default) | text, `model`)
// - v2 `format`: HTML is the default, so plain text comes back with entities (`&#39;`) unless `format=text`
//   (https://cloud.google.com/translate/docs/basic/translating-text; googleapis/google-cloud-node #1573)
// - limits: 128 text segments ("Too many text segments", googleapis/google-cloud-python #5425), 100K bytes
//   (https://cloud.google.com/translate/quotas, "Content limits")
// - API keys in `X-Goog-Api-Key` or `key=`: https://cloud.google.com/docs/authentication/api-keys-use
// - errors (the envelope, `errors[].reason` in v2, `status` and `details[].reason`):
//   https://cloud.google.com/apis/design/errors; quota errors (v2 403 userRateLimitExceeded /
//   dailyLimitExceeded; 429 RESOURCE_EXHAUSTED): https://cloud.google.com/translate/quotas
// - v3 (Advanced) `POST /v3/projects/{p}/locations/{l}:translateText`:
//   https://cloud.google.com/translate/docs/reference/rest/v3/projects.locations/translateText
//   (`contents` ≤ 1,024, under 30,000 code points, "Text is too long" beyond — googleapis/nodejs-translate #588;
//   `mimeType` defaults to text/html; `glossaryConfig` answered in `glossaryTranslations`)
// - service-account sign-in (JWT RS256 with iss/scope/aud/iat/exp ≤ 1 hour, exchanged at the token endpoint
//   for `{"access_token","expires_in","token_type":"Bearer"}`; `invalid_grant` on a bad assertion):
//   https://developers.google.com/identity/protocols/oauth2/service-account#httprest
// Statuses and reasons are documented; the exact message texts are representative except "Too many text
// segments" and "API key not valid. Please pass a valid API key." (quoted in many public reports).

/** Options of {@link createGoogleTranslateHandlers}. */
export interface GoogleTranslateHandlerOptions {
  /** Base URL the fake answers under. Default `https://translation.googleapis.com`. */
  baseUrl?: string;
  /** The only API key accepted (v2). Default: any non-empty key. */
  apiKey?: string;
  /** Turns a text into its "translation". Default: upper-cases it. Output is `[<target>] <text>`. */
  transform?: (text: string, target: string) => string;
  /** Language reported when the source is omitted. Default `es`. */
  detect?: (text: string) => string;
  /**
   * How a throttle of the fault plan is answered: `429` RESOURCE_EXHAUSTED (the per-minute quota, as the
   * current front end answers), or v2's documented `403` `userRateLimitExceeded`. Default `429`.
   */
  throttleAs?: 429 | 403;
  /** Faults to inject, on every endpoint. Default none. */
  faults?: FaultPlan;
  /** Milliseconds to wait before every answer. Default 0. */
  latencyMs?: number;
}

/** Google's `status` names for the HTTP statuses the fake answers. */
const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const MAX_V2_SEGMENTS = 128;
const MAX_V2_BYTES = 100_000;

/** What Google's HTML mode does to plain text: the characters HTML escapes come back as entities. */
function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The Google error envelope for `status`, with a v2 reason and an optional `details` reason. */
export function googleErrorBody(
  status: number,
  message: string,
  reason: string,
  detailReason?: string,
): Record<string, unknown> {
  return {
    error: {
      code: status,
      message,
      errors: [{ message, domain: status === 403 || status === 429 ? 'usageLimits' : 'global', reason }],
      status: statusNames[status] ?? 'UNKNOWN',
      ...(detailReason === undefined
        ? {}
        : {
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason: detailReason,
                domain: 'googleapis.com',
              },
            ],
          }),
    },
  };
}

/** Shared bookkeeping of the Google fakes: numbering, recording, faults. */
export class GoogleFakeCore {
  readonly state: FakeServiceState;

  constructor(private readonly options: { faults?: FaultPlan; latencyMs?: number; throttleAs?: 429 | 403 }) {
    this.state = new FakeServiceState(options.faults, ['http_500', 'http_503', 'connection_reset']);
  }

  /** Numbers and records a request, waits the latency; returns the entry and body text. */
  async begin(request: Request): Promise<{ entry: RecordedRequest; bodyText: string }> {
    const sequence = this.state.nextSequence();
    const bodyText = await request.text();
    const entry: RecordedRequest = {
      sequence,
      method: request.method,
      url: request.url,
      headers: headersToRecord(request.headers),
      body: parseBodyForRecord(bodyText),
      outcome: 'rejected',
    };
    this.state.record(entry);
    if ((this.options.latencyMs ?? 0) > 0) await delay(this.options.latencyMs);
    return { entry, bodyText };
  }

  /** A documented error answer, recorded. */
  reject(
    entry: RecordedRequest,
    status: number,
    message: string,
    reason: string,
    detailReason?: string,
  ): Response {
    entry.outcome = 'rejected';
    entry.status = status;
    entry.errorCode = detailReason ?? reason;
    return HttpResponse.json(googleErrorBody(status, message, reason, detailReason), { status });
  }

  /** The fault plan's answer for this request, or undefined to answer normally. */
  inject(entry: RecordedRequest, content: string, malformedBody: string): Response | undefined {
    const fault: FaultDecision = this.state.faults.decide(entry.sequence, content);
    const serverError = (status: number) => {
      entry.outcome = 'server_error';
      entry.status = status;
      entry.errorCode = statusNames[status];
      return HttpResponse.json(
        googleErrorBody(
          status,
          status === 500 ? 'Internal error encountered.' : 'The service is currently unavailable.',
          status === 500 ? 'backendError' : 'backendError',
        ),
        { status },
      );
    };
    switch (fault.kind) {
      case 'none':
        return undefined;
      case 'throttle': {
        const status = this.options.throttleAs ?? 429;
        entry.outcome = 'throttled';
        entry.status = status;
        entry.errorCode = status === 403 ? 'userRateLimitExceeded' : 'RESOURCE_EXHAUSTED';
        const body =
          status === 403
            ? googleErrorBody(403, 'User Rate Limit Exceeded', 'userRateLimitExceeded')
            : googleErrorBody(
                429,
                "Quota exceeded for quota metric 'v2 and v3 general model characters' and limit 'v2 and v3 general model characters per minute per user'.",
                'rateLimitExceeded',
                'RATE_LIMIT_EXCEEDED',
              );
        return HttpResponse.json(body, {
          status,
          headers:
            fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
        });
      }
      case 'http_500':
        return serverError(500);
      case 'http_503':
      case 'http_504':
        return serverError(503);
      case 'connection_reset':
        entry.outcome = 'connection_reset';
        return HttpResponse.error();
      case 'malformed':
        entry.outcome = 'malformed';
        entry.status = 200;
        return new HttpResponse(malformedBody, {
          status: 200,
          headers: { 'Content-Type': 'application/json; charset=UTF-8' },
        });
    }
  }

  /** Parses a JSON object body, or answers 400 as Google does for an unreadable payload. */
  parseObject(
    entry: RecordedRequest,
    bodyText: string,
  ): { body: Record<string, unknown> } | { answer: Response } {
    try {
      const body = JSON.parse(bodyText) as unknown;
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        return { body: body as Record<string, unknown> };
      }
    } catch {
      // answered below
    }
    return {
      answer: this.reject(entry, 400, 'Invalid JSON payload received.', 'parseError'),
    };
  }
}

/**
 * msw handlers faking Google Cloud Translation Basic (v2) `POST /language/translate/v2` with a JSON body.
 * Checks the API key (`X-Goog-Api-Key` or `key=`; 400 API_KEY_INVALID), 128 segments (400 "Too many text
 * segments"), 100,000 bytes, `target`; translates deterministically (`[en] HOLA`), escaping the answer as HTML
 * unless `format` is `text` (Google's default is HTML); reports `detectedSourceLanguage` when `source` is
 * omitted; counts billed characters (UTF-16 code units); injects the faults of `options.faults` (500, 503,
 * resets, malformed bodies; throttles as 429 RESOURCE_EXHAUSTED or 403 userRateLimitExceeded).
 */
export function createGoogleTranslateHandlers(options: GoogleTranslateHandlerOptions = {}): FakeService {
  const baseUrl = (options.baseUrl ?? 'https://translation.googleapis.com').replace(/\/+$/, '');
  const transform = options.transform ?? ((text: string) => text.toUpperCase());
  const detect = options.detect ?? (() => 'es');
  const core = new GoogleFakeCore(options);

  const translateV2 = http.post(`${baseUrl}/language/translate/v2`, async ({ request }) => {
    const { entry, bodyText } = await core.begin(request);
    const key = request.headers.get('x-goog-api-key') ?? new URL(request.url).searchParams.get('key');
    if (key === null || key === '' || (options.apiKey !== undefined && key !== options.apiKey)) {
      return core.reject(
        entry,
        400,
        'API key not valid. Please pass a valid API key.',
        'badRequest',
        'API_KEY_INVALID',
      );
    }
    const injected = core.inject(entry, `${request.url}\n${bodyText}`, '{"data":{"translations":[{"tra');
    if (injected !== undefined) return injected;
    if (Buffer.byteLength(bodyText) > MAX_V2_BYTES) {
      return core.reject(entry, 400, 'Request payload size exceeds the limit: 100000 bytes.', 'invalid');
    }
    const parsed = core.parseObject(entry, bodyText);
    if ('answer' in parsed) return parsed.answer;
    const { q, target, source, format } = parsed.body;
    const texts = typeof q === 'string' ? [q] : q;
    if (!Array.isArray(texts) || texts.length === 0 || texts.some((text) => typeof text !== 'string')) {
      return core.reject(entry, 400, 'Required Text', 'required');
    }
    if (texts.length > MAX_V2_SEGMENTS) return core.reject(entry, 400, 'Too many text segments', 'invalid');
    if (typeof target !== 'string' || target.trim() === '') {
      return core.reject(entry, 400, 'Required Target language', 'required');
    }
    if (format !== undefined && format !== 'text' && format !== 'html') {
      return core.reject(entry, 400, 'Invalid Value', 'invalid');
    }
    const asHtml = format !== 'text';
    entry.outcome = 'answered';
    entry.status = 200;
    entry.billedCharacters = (texts as string[]).reduce((sum, text) => sum + text.length, 0);
    return HttpResponse.json({
      data: {
        translations: (texts as string[]).map((text) => {
          const translated = `[${target}] ${transform(text, target)}`;
          return {
            translatedText: asHtml ? escapeHtml(translated) : translated,
            ...(typeof source === 'string' && source !== '' ? {} : { detectedSourceLanguage: detect(text) }),
          };
        }),
      },
    });
  });

  return {
    handlers: [translateV2],
    get requests() {
      return core.state.requests;
    },
    billedCharacters: () => core.state.billedCharacters(),
    reset: () => core.state.reset(),
  };
}

/** Options of {@link createGoogleAdvancedHandlers}. */
export interface GoogleAdvancedHandlerOptions {
  /** Base URL of the API. Default `https://translation.googleapis.com`. */
  baseUrl?: string;
  /** The token endpoint. Default `https://oauth2.googleapis.com/token`. */
  tokenUrl?: string;
  /** The service account whose JWTs are accepted: its email and public key (PEM or KeyObject). */
  serviceAccount: { clientEmail: string; publicKey: string | KeyObject };
  /** The only project answered; others get 403 PERMISSION_DENIED. */
  projectId: string;
  /** Lifetime of issued tokens, in seconds. Default 3,599 (as Google answers). */
  tokenLifetimeSeconds?: number;
  /** Clock for token expiry, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Glossaries on the fake, by resource name (`projects/p/locations/l/glossaries/g`): source term → translation. */
  glossaries?: Record<string, Record<string, string>>;
  /** Turns a text into its "translation". Default: upper-cases it. Output is `[<target>] <text>`. */
  transform?: (text: string, target: string) => string;
  /** Language reported when the source is omitted. Default `es`. */
  detect?: (text: string) => string;
  /** Faults to inject on the translate endpoint. Default none. */
  faults?: FaultPlan;
  /** Milliseconds to wait before every answer. Default 0. */
  latencyMs?: number;
}

/** A v3 fake: handlers, requests, and the token exchanges it answered. */
export interface FakeGoogleAdvancedService extends FakeService {
  /** Tokens issued, in order. */
  readonly issuedTokens: readonly string[];
}

const MAX_V3_CONTENTS = 1_024;
const MAX_V3_CODE_POINTS = 30_000;

/**
 * msw handlers faking Google Cloud Translation Advanced (v3) `:translateText` and the OAuth token endpoint.
 * The token endpoint verifies the JWT assertion's RS256 signature with the service account's public key and
 * its claims (issuer, scope, audience, at most an hour), answering `invalid_grant` otherwise; the translate
 * endpoint accepts only unexpired issued tokens (401 UNAUTHENTICATED), the one project (403), 1,024 contents
 * and 30,000 code points (400 INVALID_ARGUMENT), answers HTML-escaped unless `mimeType` is `text/plain`, and
 * applies glossaries into `glossaryTranslations` (404 for an unknown one, 400 without a source language).
 */
export function createGoogleAdvancedHandlers(
  options: GoogleAdvancedHandlerOptions,
): FakeGoogleAdvancedService {
  const baseUrl = (options.baseUrl ?? 'https://translation.googleapis.com').replace(/\/+$/, '');
  const tokenUrl = options.tokenUrl ?? 'https://oauth2.googleapis.com/token';
  const transform = options.transform ?? ((text: string) => text.toUpperCase());
  const detect = options.detect ?? (() => 'es');
  const now = options.now ?? Date.now;
  const publicKey =
    typeof options.serviceAccount.publicKey === 'string'
      ? createPublicKey(options.serviceAccount.publicKey)
      : options.serviceAccount.publicKey;
  const core = new GoogleFakeCore(options);
  const tokens = new Map<string, number>();
  const issuedTokens: string[] = [];

  const grantError = (entry: RecordedRequest, description: string) => {
    entry.outcome = 'rejected';
    entry.status = 400;
    entry.errorCode = 'invalid_grant';
    return HttpResponse.json({ error: 'invalid_grant', error_description: description }, { status: 400 });
  };

  const token = http.post(tokenUrl, async ({ request }) => {
    const { entry, bodyText } = await core.begin(request);
    const form = new URLSearchParams(bodyText);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      entry.status = 400;
      entry.errorCode = 'unsupported_grant_type';
      return HttpResponse.json(
        { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' },
        { status: 400 },
      );
    }
    const [header, claims, signature] = (form.get('assertion') ?? '').split('.');
    if (header === undefined || claims === undefined || signature === undefined) {
      return grantError(
        entry,
        'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.',
      );
    }
    const signed = verify(
      'sha256',
      Buffer.from(`${header}.${claims}`),
      publicKey,
      Buffer.from(signature, 'base64url'),
    );
    if (!signed) return grantError(entry, 'Invalid JWT Signature.');
    const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
    const body = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
    const seconds = Math.floor(now() / 1000);
    if (
      parsedHeader.alg !== 'RS256' ||
      body.iss !== options.serviceAccount.clientEmail ||
      body.aud !== tokenUrl ||
      typeof body.scope !== 'string' ||
      !body.scope.split(' ').includes('https://www.googleapis.com/auth/cloud-translation') ||
      typeof body.iat !== 'number' ||
      typeof body.exp !== 'number' ||
      body.exp - body.iat > 3_600 ||
      body.exp < seconds ||
      body.iat > seconds + 60
    ) {
      return grantError(
        entry,
        'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.',
      );
    }
    const lifetime = options.tokenLifetimeSeconds ?? 3_599;
    const issued = `ya29.fake-${issuedTokens.length + 1}`;
    issuedTokens.push(issued);
    tokens.set(issued, now() + lifetime * 1000);
    entry.outcome = 'answered';
    entry.status = 200;
    return HttpResponse.json({ access_token: issued, expires_in: lifetime, token_type: 'Bearer' });
  });

  const translateV3 = http.post(
    `${baseUrl}/v3/projects/:project/locations/:action`,
    async ({ request, params }) => {
      const { entry, bodyText } = await core.begin(request);
      const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
      const expiresAt = bearer === undefined ? undefined : tokens.get(bearer);
      if (expiresAt === undefined || expiresAt <= now()) {
        return core.reject(
          entry,
          401,
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
          'authError',
          'ACCESS_TOKEN_EXPIRED',
        );
      }
      const [location, method] = String(params.action).split(':');
      if (method !== 'translateText') return core.reject(entry, 404, 'Method not found.', 'notFound');
      if (params.project !== options.projectId) {
        return core.reject(
          entry,
          403,
          `Permission 'cloudtranslate.generalModels.predict' denied on resource 'projects/${String(params.project)}/locations/${location}/models/general/nmt' (or it may not exist).`,
          'forbidden',
          'IAM_PERMISSION_DENIED',
        );
      }
      const injected = core.inject(entry, `${request.url}\n${bodyText}`, '{"translations":[{"transl');
      if (injected !== undefined) return injected;
      const parsed = core.parseObject(entry, bodyText);
      if ('answer' in parsed) return parsed.answer;
      const {
        contents,
        targetLanguageCode: target,
        sourceLanguageCode: source,
        mimeType,
        glossaryConfig,
      } = parsed.body;
      if (
        !Array.isArray(contents) ||
        contents.length === 0 ||
        contents.some((text) => typeof text !== 'string')
      ) {
        return core.reject(entry, 400, 'Empty contents.', 'badRequest');
      }
      if (contents.length > MAX_V3_CONTENTS) {
        return core.reject(entry, 400, 'Number of contents exceeds the maximum of 1024.', 'badRequest');
      }
      const codePoints = (contents as string[]).reduce((sum, text) => sum + [...text].length, 0);
      if (codePoints > MAX_V3_CODE_POINTS) return core.reject(entry, 400, 'Text is too long.', 'badRequest');
      if (typeof target !== 'string' || target === '') {
        return core.reject(entry, 400, 'Target language is required.', 'badRequest');
      }
      let glossary: Record<string, string> | undefined;
      if (glossaryConfig !== undefined) {
        const name = (glossaryConfig as { glossary?: unknown }).glossary;
        if (typeof source !== 'string' || source === '') {
          return core.reject(
            entry,
            400,
            'Source language is required when glossary is specified.',
            'badRequest',
          );
        }
        glossary = typeof name === 'string' ? options.glossaries?.[name] : undefined;
        if (glossary === undefined)
          return core.reject(entry, 404, `Glossary not found: ${String(name)}`, 'notFound');
      }
      const asHtml = mimeType !== 'text/plain';
      const render = (text: string, terms?: Record<string, string>) => {
        let translated = `[${target}] ${transform(text, target)}`;
        for (const [term, translation] of Object.entries(terms ?? {})) {
          translated = translated.split(transform(term, target)).join(translation);
        }
        return asHtml ? escapeHtml(translated) : translated;
      };
      const detected = typeof source === 'string' && source !== '';
      const items = (terms?: Record<string, string>) =>
        (contents as string[]).map((text) => ({
          translatedText: render(text, terms),
          ...(detected ? {} : { detectedLanguageCode: detect(text) }),
        }));
      entry.outcome = 'answered';
      entry.status = 200;
      entry.billedCharacters = (contents as string[]).reduce((sum, text) => sum + text.length, 0);
      return HttpResponse.json({
        translations: items(),
        ...(glossary === undefined ? {} : { glossaryTranslations: items(glossary) }),
      });
    },
  );

  return {
    handlers: [token, translateV3],
    get requests() {
      return core.state.requests;
    },
    issuedTokens,
    billedCharacters: () => core.state.billedCharacters(),
    reset: () => {
      core.state.reset();
      tokens.clear();
      issuedTokens.length = 0;
    },
  };
}
