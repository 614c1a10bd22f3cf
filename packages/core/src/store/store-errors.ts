import { ContentStoreError } from './content-store-error';

/** A {@link ContentStoreError} for a failed file operation, naming the file and keeping the cause. */
export function storeIoError(
  path: string,
  action: 'open' | 'read' | 'write' | 'flush',
  cause: unknown,
): ContentStoreError {
  if (ContentStoreError.isInstance(cause)) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ContentStoreError({
    code: 'content_store_io',
    path,
    message: `Could not ${action} the content store ${path}: ${reason}`,
    cause,
  });
}

/** A {@link ContentStoreError} for a value JSON cannot represent. */
export function unserializableValueError(path: string, key: string, cause: unknown): ContentStoreError {
  return new ContentStoreError({
    code: 'invalid_value',
    path,
    message: `The value for key ${key} cannot be stored as JSON (undefined, a function, a BigInt or a cycle).`,
    cause,
  });
}
