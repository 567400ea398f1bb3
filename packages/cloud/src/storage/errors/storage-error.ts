/**
 * Base class of every error the cloud storage, keys and identity layers
 * raise. Messages name tables, constraints, argument names and ids, never
 * stored values: these errors end up in logs and in RPC statuses.
 */
export abstract class StorageError extends Error {
  /** Stable machine-readable code, e.g. `UNKNOWN_SUBJECT`. */
  abstract readonly code: string;
}
