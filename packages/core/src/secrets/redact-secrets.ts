import { registeredSecretForms } from './secret-registry';

/** What every redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

// Header names whose value is a credential, in `Name: value`, `name=value` or `"name": "value"` form.
// An optional scheme word (`Bearer`, `Basic`, `DeepL-Auth-Key`, `Token`) is kept so logs still show
// which kind of credential was sent. A value that is already `[REDACTED]` is skipped, which keeps
// redaction idempotent.
const credentialHeaderPattern =
  /\b(authorization|proxy-authorization|ocp-apim-subscription-key|x-goog-api-key|x-api-key|xi-api-key|api-key|x-amz-security-token)(["']?\s*[:=]\s*["']?)(?!(?:(?:bearer|basic|token|deepl-auth-key)\s+)?\[REDACTED\])((?:bearer|basic|token|deepl-auth-key)\s+)?([^\s"',;&}\]]+)/gi;

// A scheme word followed by a token outside any header context, e.g. inside an exception message.
const schemeTokenPattern = /\b(Bearer|DeepL-Auth-Key)(\s+)[A-Za-z0-9._~+/=:-]{8,}/gi;

// Credential-bearing query or form parameters. The look-behind stops `monkey=` matching `key=`.
const credentialParameterPattern =
  /(?<![\w-])(key|subscription-key|subscription_key|api-key|api_key|apikey|auth_key|auth_token|access_token|refresh_token|token|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|client_secret|password|secret)=([^&#\s"'<>]+)/gi;

// AWS Signature Version 4 (`Credential=AKIA…/…, Signature=<hex>`) and bare access key ids.
const awsCredentialPattern = /\b(Credential=)[^,\s"']+/g;
const awsSignaturePattern = /\b(Signature=)[0-9a-fA-F]{16,}/g;
const awsAccessKeyIdPattern = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g;

// JSON fields with credential names, e.g. `"apiKey":"…"` inside a logged request body.
const credentialJsonFieldPattern =
  /("(?:api[_-]?key|x-api-key|secret|client[_-]?secret|password|access[_-]?token|refresh[_-]?token|auth[_-]?key|auth[_-]?token|subscription[_-]?key|secret[_-]?access[_-]?key)"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi;

let cachedVersion = -1;
let cachedSecretPattern: RegExp | undefined;

function registeredSecretPattern(): RegExp | undefined {
  const { forms, version } = registeredSecretForms();
  if (version !== cachedVersion) {
    cachedVersion = version;
    // Longest first, so a secret that contains another registered secret is replaced whole.
    const alternatives = [...forms]
      .sort((left, right) => right.length - left.length)
      .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    cachedSecretPattern = alternatives.length === 0 ? undefined : new RegExp(alternatives.join('|'), 'g');
  }
  return cachedSecretPattern;
}

/**
 * Replaces secrets in free text with `[REDACTED]`: every value registered through `loadSecret` or
 * `registerSecret` (also URL-encoded and JSON-escaped), plus well-known credential shapes:
 * `Authorization: Bearer …`, `Ocp-Apim-Subscription-Key: …`, `DeepL-Auth-Key …`, `api-key: …`,
 * `key=`/`subscription-key=`/`token=`/`sig=` parameters, JSON fields such as `"apiKey": "…"`,
 * and AWS signatures and access key ids. Idempotent: redacting twice gives the same text.
 */
export function redactSecrets(text: string): string {
  let result = text;
  const secretPattern = registeredSecretPattern();
  if (secretPattern !== undefined) result = result.replace(secretPattern, REDACTED);
  return result
    .replace(
      credentialHeaderPattern,
      (_match, name: string, separator: string, scheme: string | undefined) =>
        `${name}${separator}${scheme ?? ''}${REDACTED}`,
    )
    .replace(schemeTokenPattern, `$1$2${REDACTED}`)
    .replace(credentialParameterPattern, `$1=${REDACTED}`)
    .replace(awsCredentialPattern, `$1${REDACTED}`)
    .replace(awsSignaturePattern, `$1${REDACTED}`)
    .replace(awsAccessKeyIdPattern, REDACTED)
    .replace(credentialJsonFieldPattern, `$1${REDACTED}$3`);
}
