const tokenPattern = /^[A-Za-z0-9.+_-]+$/;

/**
 * The `User-Agent` toex sends, e.g. `toexUserAgent('@toex/translate', '0.1.0')` → `toex/translate/0.1.0`,
 * so providers can see which toex package made a call (and tell us about misbehaving releases).
 *
 * @throws TypeError when a part is empty or has characters not allowed in a user-agent token.
 */
export function toexUserAgent(packageName: string, version: string): string {
  const name = packageName.replace(/^@toex\//, '');
  if (!tokenPattern.test(name) || !tokenPattern.test(version)) {
    throw new TypeError(`Cannot build a user agent from package "${packageName}" version "${version}".`);
  }
  return `toex/${name}/${version}`;
}
