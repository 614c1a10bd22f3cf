/** The SHA-256 and size of a file's exact bytes, as recorded in manifests. */
export interface FileDigest {
  /** Lower-case hex SHA-256 of the bytes (64 characters); matches `sha256sum`. */
  sha256: string;
  /** Size in bytes. */
  bytes: number;
}
