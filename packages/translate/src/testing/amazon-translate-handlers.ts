import { createHash, createHmac } from 'node:crypto';
import { delay, HttpResponse, http } from 'msw';
import { type FakeService, FakeServiceState } from './fake-service';
import { type FaultPlan, headersToRecord, parseBodyForRecord, type RecordedRequest } from './fault-plan';

// A fake of Amazon Translate `TranslateText` that follows its documented wire format:
// - request and response: https://docs.aws.amazon.com/translate/latest/APIReference/API_TranslateText.html
//   (AWS JSON 1.1: `POST /`, `Content-Type: application/x-amz-json-1.1`,
//   `X-Amz-Target: AWSShineFrontendService_20170701.TranslateText`)
// - limits (10,000 UTF-8 bytes a text, one terminology a request): https://docs.aws.amazon.com/translate/latest/dg/what-is-limits.html
// - errors (`{"__type":"…Exception","message":"…"}`, mostly HTTP 400, TooManyRequestsException included):
//   https://docs.aws.amazon.com/translate/latest/APIReference/API_TranslateText.html#API_TranslateText_Errors and
//   https://docs.aws.amazon.com/translate/latest/APIReference/CommonErrors.html
// - Signature Version 4, verified here independently of the client's signer:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
// Message texts are representative; exception names and statuses are documented.

/** Options of {@link createAmazonTranslateHandlers}. */
export interface AmazonTranslateHandlerOptions {
  /** Region answered; the endpoint is `https://translate.<region>.amazonaws.com`. Default `eu-west-2`. */
  region?: string;
  /** The one credential pair accepted. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Custom terminologies in the region: name → source term → translation. */
  terminologies?: Record<string, Record<string, string>>;
  /** Language reported for `SourceLanguageCode: auto`. Default `es`. */
  detect?: (text: string) => string;
  /** Faults to inject. Throttles answer 400 TooManyRequestsException; server faults 500/503 or resets. */
  faults?: FaultPlan;
  /** Milliseconds to wait before every answer. Default 0. */
  latencyMs?: number;
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** Recomputes the SigV4 signature of a request from its parts; undefined when it is malformed. */
function expectedSignature(
  request: { method: string; url: URL; headers: Headers; body: string },
  secretAccessKey: string,
  signedHeaders: string[],
  scope: { date: string; region: string; service: string },
): string | undefined {
  const amzDate = request.headers.get('x-amz-date');
  if (amzDate === null) return undefined;
  const canonicalHeaders = signedHeaders
    .map(
      (name) =>
        `${name}:${(name === 'host' ? request.url.host : (request.headers.get(name) ?? '')).trim()}\n`,
    )
    .join('');
  const canonicalRequest = [
    request.method,
    request.url.pathname,
    '',
    canonicalHeaders,
    signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, scope.date), scope.region), scope.service),
    'aws4_request',
  );
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

/**
 * msw handlers faking Amazon Translate TranslateText. Verifies the SigV4 signature (403
 * InvalidSignatureException), the access key (400 UnrecognizedClientException), the JSON 1.1 headers, the
 * 10,000-byte limit (TextSizeLimitExceededException), the terminology (ResourceNotFoundException); translates
 * deterministically (`[en] HOLA`, terminology terms replaced); counts billed characters.
 */
export function createAmazonTranslateHandlers(options: AmazonTranslateHandlerOptions): FakeService {
  const region = options.region ?? 'eu-west-2';
  const detect = options.detect ?? (() => 'es');
  const state = new FakeServiceState(options.faults, ['http_500', 'http_503', 'connection_reset']);

  function fail(entry: RecordedRequest, status: number, type: string, message: string): Response {
    entry.status = status;
    entry.errorCode = type;
    return HttpResponse.json(
      { __type: `com.amazonaws.translate#${type}`, message },
      { status, headers: { 'x-amzn-ErrorType': type, 'x-amzn-RequestId': `fake-${entry.sequence}` } },
    );
  }

  const translate = http.post(`https://translate.${region}.amazonaws.com/`, async ({ request }) => {
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
    if ((options.latencyMs ?? 0) > 0) await delay(options.latencyMs);
    const authorization = request.headers.get('authorization') ?? '';
    const parts =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    if (parts === null)
      return fail(entry, 400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    const [, accessKeyId, date, signedRegion, service, signedHeaders, signature] =
      parts as unknown as string[];
    if (accessKeyId !== options.credentials.accessKeyId) {
      return fail(
        entry,
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    const headerList = signedHeaders!.split(';');
    const expected = expectedSignature(
      { method: request.method, url: new URL(request.url), headers: request.headers, body: bodyText },
      options.credentials.secretAccessKey,
      headerList,
      { date: date!, region: signedRegion!, service: service! },
    );
    if (
      service !== 'translate' ||
      signedRegion !== region ||
      !['host', 'x-amz-date', 'x-amz-target'].every((name) => headerList.includes(name)) ||
      expected !== signature
    ) {
      return fail(
        entry,
        403,
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    if (
      request.headers.get('x-amz-target') !== 'AWSShineFrontendService_20170701.TranslateText' ||
      request.headers.get('content-type') !== 'application/x-amz-json-1.1'
    ) {
      return fail(entry, 400, 'UnknownOperationException', 'Unknown operation.');
    }
    const fault = state.faults.decide(sequence, bodyText);
    switch (fault.kind) {
      case 'throttle':
        entry.outcome = 'throttled';
        return fail(entry, 400, 'TooManyRequestsException', 'Rate exceeded');
      case 'http_500':
        entry.outcome = 'server_error';
        return fail(entry, 500, 'InternalServerException', 'An internal server error occurred.');
      case 'http_503':
      case 'http_504':
        entry.outcome = 'server_error';
        return fail(entry, 503, 'ServiceUnavailableException', 'Service unavailable.');
      case 'connection_reset':
        entry.outcome = 'connection_reset';
        return HttpResponse.error();
      case 'malformed':
        entry.outcome = 'malformed';
        entry.status = 200;
        return new HttpResponse('{"TranslatedText":"', {
          headers: { 'Content-Type': 'application/x-amz-json-1.1' },
        });
      case 'none':
        break;
    }
    const body = JSON.parse(bodyText) as Record<string, unknown>;
    const text = body.Text;
    if (typeof text !== 'string' || text === '')
      return fail(entry, 400, 'InvalidRequestException', 'Text is required.');
    if (Buffer.byteLength(text, 'utf8') > 10_000) {
      return fail(
        entry,
        400,
        'TextSizeLimitExceededException',
        'Input text size exceeds limit. Max length of request text allowed is 10000 bytes.',
      );
    }
    const target = String(body.TargetLanguageCode ?? '');
    const source = body.SourceLanguageCode === 'auto' ? detect(text) : String(body.SourceLanguageCode ?? '');
    if (target === '' || source === '')
      return fail(entry, 400, 'InvalidRequestException', 'Language code is required.');
    if (source === target) {
      return fail(
        entry,
        400,
        'UnsupportedLanguagePairException',
        `Unsupported language pair: ${source} to ${target}.`,
      );
    }
    const names = (body.TerminologyNames ?? []) as string[];
    if (names.length > 1)
      return fail(entry, 400, 'InvalidRequestException', 'Only one terminology is allowed per request.');
    const terminology = names[0] === undefined ? undefined : options.terminologies?.[names[0]];
    if (names[0] !== undefined && terminology === undefined) {
      return fail(entry, 400, 'ResourceNotFoundException', `Terminology ${names[0]} not found.`);
    }
    let translated = `[${target}] ${text.toUpperCase()}`;
    for (const [term, translation] of Object.entries(terminology ?? {})) {
      translated = translated.split(term.toUpperCase()).join(translation);
    }
    entry.outcome = 'answered';
    entry.status = 200;
    entry.billedCharacters = text.length;
    return HttpResponse.json(
      {
        TranslatedText: translated,
        SourceLanguageCode: source,
        TargetLanguageCode: target,
        ...(names[0] === undefined ? {} : { AppliedTerminologies: [{ Name: names[0], Terms: [] }] }),
      },
      { headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': `fake-${sequence}` } },
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
