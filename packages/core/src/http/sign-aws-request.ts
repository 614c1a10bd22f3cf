import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * SHA-256 and HMAC-SHA-256 for the signer, from Node's own crypto (OpenSSL): the same choice the AWS SDK makes
 * on Node (`@smithy/hash-node`), native and FIPS-capable, rather than a pure-JavaScript hash
 * (`@aws-crypto/sha256-js`, meant for browsers). Only the hash is ours; the signing is the official signer's.
 */
class NodeSha256 {
  private readonly hash: Hash | Hmac;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** AWS credentials, as loaded for one request. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Signs one POST with AWS Signature Version 4 for the given service (`translate`, `comprehend`, …) using `@smithy/signature-v4`, the signer
 * of the AWS SDK for JavaScript v3. Returns the headers to send: `authorization`, `x-amz-date`, the session
 * token when there is one, and those given (all signed).
 */
export async function signAwsRequest(input: {
  url: URL;
  body: string;
  headers: Record<string, string>;
  region: string;
  /** The SigV4 service name, e.g. `comprehend`. */
  service: string;
  credentials: AwsCredentials;
  date: Date;
}): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: input.service,
    region: input.region,
    credentials: input.credentials,
    sha256: NodeSha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: input.url.protocol,
      hostname: input.url.hostname,
      ...(input.url.port === '' ? {} : { port: Number(input.url.port) }),
      path: input.url.pathname,
      query: {},
      headers: { ...input.headers, host: input.url.host },
      body: input.body,
    },
    { signingDate: input.date },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    // undici sets Host from the URL itself; sending it twice is refused.
    if (name.toLowerCase() !== 'host') headers[name.toLowerCase()] = String(value);
  }
  return headers;
}
