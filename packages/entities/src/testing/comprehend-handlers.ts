import { createHash, createHmac } from 'node:crypto';
import { HttpResponse, http } from 'msw';

// A fake of Amazon Comprehend `DetectEntities` that follows its documented wire format:
// - request and response: https://docs.aws.amazon.com/comprehend/latest/APIReference/API_DetectEntities.html
//   (AWS JSON 1.1: `POST /`, `Content-Type: application/x-amz-json-1.1`,
//   `X-Amz-Target: Comprehend_20171127.DetectEntities`; `BeginOffset`/`EndOffset` are character offsets,
//   end exclusive — served here as code points, see how-entities.html)
// - limits (DetectEntities Text at most 100 KB of UTF-8 → TextSizeLimitExceededException):
//   https://docs.aws.amazon.com/comprehend/latest/dg/guidelines-and-limits.html
// - errors (`{"__type":"…Exception","message":"…"}`, HTTP 400, ThrottlingException included):
//   https://docs.aws.amazon.com/comprehend/latest/APIReference/API_DetectEntities.html#API_DetectEntities_Errors and
//   https://docs.aws.amazon.com/comprehend/latest/APIReference/CommonErrors.html
// - Signature Version 4, verified independently of the client's signer:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html

/** Options of {@link createComprehendHandlers}. */
export interface ComprehendHandlerOptions {
  /** Region answered; the endpoint is `https://comprehend.<region>.amazonaws.com`. Default `eu-west-2`. */
  region?: string;
  /** The one credential pair accepted. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Names to find with their Comprehend type (`PERSON`, `LOCATION`, `ORGANIZATION`, `DATE` …). */
  gazetteer: Record<string, string>;
  /** How offsets are counted: `code-points` (default, as documented "characters") or `utf16`. */
  offsets?: 'code-points' | 'utf16';
  /** Answer the first N requests with 400 ThrottlingException (and this Retry-After, seconds). */
  throttle?: { times: number; retryAfterSeconds: number };
}

/** The handlers and what they saw. */
export interface ComprehendFake {
  handlers: ReturnType<typeof http.post>[];
  requests: Array<{ body: unknown }>;
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

/** Code-point offset of a UTF-16 offset: what a service counting characters reports. */
const codePoints = (text: string, utf16: number) => [...text.slice(0, utf16)].length;

/** msw handlers faking Amazon Comprehend DetectEntities, with SigV4 verified. */
export function createComprehendHandlers(options: ComprehendHandlerOptions): ComprehendFake {
  const region = options.region ?? 'eu-west-2';
  const requests: ComprehendFake['requests'] = [];
  let throttled = 0;
  const fail = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
    HttpResponse.json(
      { __type: `com.amazonaws.comprehend#${type}`, message },
      {
        status,
        headers: { 'x-amzn-ErrorType': type, 'x-amzn-RequestId': `fake-${requests.length}`, ...headers },
      },
    );
  const handler = http.post(`https://comprehend.${region}.amazonaws.com/`, async ({ request }) => {
    const bodyText = await request.text();
    const body = JSON.parse(bodyText) as { Text?: string; LanguageCode?: string };
    requests.push({ body });
    const authorization = request.headers.get('authorization') ?? '';
    const parts =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    if (parts === null)
      return fail(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    const [, accessKeyId, date, signedRegion, service, signedHeaders, signature] =
      parts as unknown as string[];
    if (accessKeyId !== options.credentials.accessKeyId) {
      return fail(
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
    if (service !== 'comprehend' || signedRegion !== region || expected !== signature) {
      return fail(
        403,
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    if (request.headers.get('x-amz-target') !== 'Comprehend_20171127.DetectEntities') {
      return fail(400, 'UnknownOperationException', 'Unknown operation');
    }
    if (options.throttle !== undefined && throttled < options.throttle.times) {
      throttled++;
      return fail(400, 'ThrottlingException', 'Rate exceeded', {
        'Retry-After': String(options.throttle.retryAfterSeconds),
      });
    }
    const text = body.Text ?? '';
    if (Buffer.byteLength(text, 'utf8') > 100_000) {
      return fail(
        400,
        'TextSizeLimitExceededException',
        'Input text size exceeds limit. Max length of request text allowed is 100000 bytes while in this request the text size is 100001 bytes',
      );
    }
    if (text === '')
      return fail(
        400,
        'InvalidRequestException',
        "1 validation error detected: Value at 'text' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    if (
      !['en', 'es', 'fr', 'de', 'it', 'pt', 'ar', 'hi', 'ja', 'ko', 'zh', 'zh-TW'].includes(
        body.LanguageCode ?? '',
      )
    ) {
      return fail(400, 'UnsupportedLanguageException', `Unsupported language code: ${body.LanguageCode}`);
    }
    const Entities: unknown[] = [];
    for (const [name, type] of Object.entries(options.gazetteer)) {
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
        Entities.push({
          BeginOffset: options.offsets === 'utf16' ? at : codePoints(text, at),
          EndOffset: options.offsets === 'utf16' ? at + name.length : codePoints(text, at + name.length),
          Score: 0.99,
          Text: name,
          Type: type,
        });
      }
    }
    return HttpResponse.json({ Entities }, { headers: { 'x-amzn-RequestId': `fake-${requests.length}` } });
  });
  return { handlers: [handler], requests };
}
