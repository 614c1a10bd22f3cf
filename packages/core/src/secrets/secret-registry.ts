/**
 * Values shorter than this are not registered: redacting every occurrence of a two-letter
 * string would mangle logs and evidence text, and no real API key is that short.
 */
export const MIN_REDACTED_SECRET_LENGTH = 6;

interface SecretRegistry {
  /** Every form (raw, URL-encoded, JSON-escaped) of every registered secret. */
  readonly forms: Set<string>;
  /** Bumped on every change so compiled patterns can be cached. */
  version: number;
}

// Kept on globalThis under a Symbol.for key so that duplicate copies of @toex/core (ESM and CJS,
// or two installed versions) share one registry: a secret loaded by one copy is still redacted
// by the other.
const registryKey = Symbol.for('toex.secrets.registry');

function registry(): SecretRegistry {
  const holder = globalThis as unknown as Record<symbol, SecretRegistry | undefined>;
  let existing = holder[registryKey];
  if (existing === undefined) {
    existing = { forms: new Set(), version: 0 };
    holder[registryKey] = existing;
  }
  return existing;
}

/**
 * Registers a secret value (API key, token, password) with the process-wide redactor, so that
 * {@link redactSecrets} and everything built on it replace it with `[REDACTED]`. `loadSecret`
 * calls this for you; call it yourself for secrets obtained another way (e.g. an OAuth token).
 * Values shorter than {@link MIN_REDACTED_SECRET_LENGTH} characters are ignored.
 */
export function registerSecret(value: string): void {
  if (value.length < MIN_REDACTED_SECRET_LENGTH) return;
  const state = registry();
  const before = state.forms.size;
  state.forms.add(value);
  // Keys also leak in encoded form: in query strings and in JSON-serialised request bodies.
  state.forms.add(encodeURIComponent(value));
  state.forms.add(JSON.stringify(value).slice(1, -1));
  if (state.forms.size !== before) state.version += 1;
}

/** Every registered form, plus a version number that changes whenever the set does. For the redactor only. */
export function registeredSecretForms(): { forms: ReadonlySet<string>; version: number } {
  const state = registry();
  return { forms: state.forms, version: state.version };
}
