/** The namespace of every key toex writes to Redis unless a prefix is given. */
export const DEFAULT_KEY_PREFIX = 'toex:';

/** The Redis key of one translation-memory entry. */
export function memoryKey(prefix: string, contentKey: string): string {
  return `${prefix}tm:${contentKey}`;
}

/** The Redis set listing the translation-memory entries written for one case. */
export function caseSetKey(prefix: string, caseReference: string): string {
  return `${prefix}tm-case:${caseReference}`;
}
