import { REDACTED, redactSecrets } from './redact-secrets';

// Property names whose value is a credential whatever it looks like. Compared after lower-casing
// and removing `-` and `_`. Deliberately not plain `key` or `token`: in manifests and NER output
// those name content hashes and linguistic tokens, which are evidence and must survive intact.
const credentialPropertyNames = new Set([
  'apikey',
  'xapikey',
  'authorization',
  'proxyauthorization',
  'ocpapimsubscriptionkey',
  'subscriptionkey',
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'accesstoken',
  'refreshtoken',
  'bearertoken',
  'sessiontoken',
  'idtoken',
  'authtoken',
  'authkey',
  'deeplauthkey',
  'xgoogapikey',
  'secretaccesskey',
  'awssecretaccesskey',
  'privatekey',
  'credentials',
]);

/** True when a property with this name holds a credential (e.g. `apiKey`, `Authorization`, `client_secret`). */
export function isCredentialPropertyName(name: string): boolean {
  return credentialPropertyNames.has(name.toLowerCase().replace(/[-_]/g, ''));
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function walk(value: unknown, copies: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  const existing = copies.get(value);
  if (existing !== undefined) return existing;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    for (const item of value) copy.push(walk(item, copies));
    return copy;
  }
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  copies.set(value, copy);
  for (const [name, item] of Object.entries(value)) {
    copy[name] =
      isCredentialPropertyName(name) && item !== undefined && item !== null ? REDACTED : walk(item, copies);
  }
  return copy;
}

/**
 * A redacted copy of a JSON-like value (a manifest, a log record, a request summary): every string
 * goes through `redactSecrets`, and any value under a credential-named property (`apiKey`,
 * `authorization`, `password`, `clientSecret`…) becomes the string `[REDACTED]`. Plain objects
 * and arrays are copied (cycles preserved); other objects such as `Date`, `Map` or class
 * instances are returned as they are. The input is never modified.
 */
export function redactDeep<T>(value: T): T {
  return walk(value, new WeakMap()) as T;
}
