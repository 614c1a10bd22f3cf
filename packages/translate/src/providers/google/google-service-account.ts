import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ConfigurationError,
  type HttpClient,
  loadSetting,
  registerSecret,
  secureJsonParse,
} from '@toex/core';
import {
  type GoogleServiceAccount,
  googleServiceAccountSchema,
  googleTokenResponseSchema,
} from './google-api';
import { parseGoogleTokenError } from './google-errors';

/** Google's OAuth 2.0 token endpoint, where a signed JWT is exchanged for an access token. */
export const GOOGLE_TOKEN_ENDPOINT = 'https://oauth2.googleapis.com/token';

/** The OAuth scope of Cloud Translation (https://cloud.google.com/translate/docs/authentication). */
export const GOOGLE_TRANSLATION_SCOPE = 'https://www.googleapis.com/auth/cloud-translation';

/** A token is renewed this long before Google says it expires, so none expires in flight. */
const refreshMarginMs = 5 * 60_000;
/** Lifetime asked for in the JWT: Google's maximum, one hour. */
const assertionLifetimeSeconds = 3_600;

function base64Url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Reads a service-account key from the `credentials` setting (JSON text or object) or the file named by
 * `GOOGLE_APPLICATION_CREDENTIALS`, and registers its private key with the redactor.
 *
 * @throws ConfigurationError `missing_secret` when neither is given, `invalid_credentials` when it is not a
 * service-account key (the message never quotes the key).
 */
export function loadServiceAccount(
  given: string | Record<string, unknown> | undefined,
): GoogleServiceAccount {
  let value: unknown = given;
  let origin = "the 'credentials' option";
  if (value === undefined) {
    const path = loadSetting({ environmentVariable: 'GOOGLE_APPLICATION_CREDENTIALS' });
    if (path === undefined) {
      throw new ConfigurationError({
        code: 'missing_secret',
        setting: 'GOOGLE_APPLICATION_CREDENTIALS',
        message:
          "The Google service-account key is missing. Pass its JSON with the 'credentials' option or set GOOGLE_APPLICATION_CREDENTIALS to the key file's path. Cloud Translation Advanced (v3) takes no API keys.",
      });
    }
    origin = `the file ${path} (GOOGLE_APPLICATION_CREDENTIALS)`;
    try {
      value = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigurationError({
        code: 'invalid_credentials',
        setting: 'GOOGLE_APPLICATION_CREDENTIALS',
        message: `Cannot read ${origin}: ${(error as Error).message}.`,
        cause: error,
      });
    }
  }
  if (typeof value === 'string') {
    try {
      value = secureJsonParse(value);
    } catch {
      value = undefined;
    }
  }
  const parsed = googleServiceAccountSchema.safeParse(value);
  if (!parsed.success) {
    throw new ConfigurationError({
      code: 'invalid_credentials',
      setting: 'credentials',
      message: `${origin} is not a Google service-account key (JSON with "type": "service_account", "client_email" and "private_key"). Download a key from IAM & Admin > Service accounts > Keys.`,
    });
  }
  registerSecret(parsed.data.private_key);
  return parsed.data;
}

/**
 * The signed JWT assertion of RFC 7523 for a service account: RS256 over `header.claims` with the
 * account's private key, as https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
 * describes. Node's own crypto signs it, so no JWT library is needed for these few lines.
 */
export function signServiceAccountJwt(
  account: GoogleServiceAccount,
  audience: string,
  nowMs: number,
): string {
  const issuedAt = Math.floor(nowMs / 1000);
  const header = {
    alg: 'RS256',
    typ: 'JWT',
    ...(account.private_key_id ? { kid: account.private_key_id } : {}),
  };
  const claims = {
    iss: account.client_email,
    scope: GOOGLE_TRANSLATION_SCOPE,
    aud: audience,
    iat: issuedAt,
    exp: issuedAt + assertionLifetimeSeconds,
  };
  const unsigned = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(account.private_key);
  } catch (error) {
    throw new ConfigurationError({
      code: 'invalid_credentials',
      setting: 'credentials',
      message: `The private key of the service account ${account.client_email} cannot be read; download a new key.`,
      cause: error,
    });
  }
  const signature = sign('sha256', Buffer.from(unsigned), key);
  return `${unsigned}.${base64Url(signature)}`;
}

/**
 * Access tokens for one service account: exchanged at the token endpoint on first use, cached, and
 * renewed five minutes before they expire. Concurrent requests share one exchange.
 */
export class GoogleAccessTokens {
  private account: GoogleServiceAccount | undefined;
  private cached: { token: string; expiresAtMs: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: string | Record<string, unknown> | undefined,
    private readonly tokenEndpoint: string | undefined,
    private readonly now: () => number,
  ) {}

  /** The service account, loaded on first use. */
  serviceAccount(): GoogleServiceAccount {
    this.account ??= loadServiceAccount(this.credentials);
    return this.account;
  }

  /** A token valid for at least the refresh margin. */
  async get(signal?: AbortSignal): Promise<string> {
    if (this.cached !== undefined && this.cached.expiresAtMs - refreshMarginMs > this.now()) {
      return this.cached.token;
    }
    this.pending ??= this.exchange(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the cached token (Google refused it), so the next request signs in again. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async exchange(signal: AbortSignal | undefined): Promise<string> {
    const account = this.serviceAccount();
    const audience = this.tokenEndpoint ?? account.token_uri ?? GOOGLE_TOKEN_ENDPOINT;
    const startedAt = this.now();
    const response = await this.http.postForm({
      url: audience,
      body: {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: signServiceAccountJwt(account, audience, startedAt),
      },
      signal,
      responseSchema: googleTokenResponseSchema,
      errorParser: parseGoogleTokenError,
    });
    const token = response.value.access_token;
    registerSecret(token);
    // Counted from before the request, so the cache never outlives the token.
    this.cached = { token, expiresAtMs: startedAt + response.value.expires_in * 1000 };
    return token;
  }
}
