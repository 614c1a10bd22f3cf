/** Environment variables as a plain record, like `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The process environment, or an empty one where there is no `process` (edge runtimes, browsers),
 * so that settings fall back to their options instead of crashing.
 */
export function processEnvironment(): Environment {
  const candidate = (globalThis as { process?: { env?: Environment } }).process;
  return candidate?.env ?? {};
}
