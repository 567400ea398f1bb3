/**
 * Where the app SDK keeps what must survive a restart: the consent state,
 * the UXIP state and the outboxes. Keys are chosen by the SDK and never
 * carry personal data; values are opaque bytes.
 *
 * Implementations: {@link MemoryAppStorage} (tests, ephemeral sessions) and
 * {@link FileAppStorage} (a directory, one file per key, atomic writes).
 * A platform can supply its own (a keychain-backed store, say).
 */
export interface AppStorage {
  /**
   * Whether every value is encrypted at rest. When false, the SDK never
   * writes a field the pact stores field-encrypted at the app tier.
   */
  readonly encryptsAtRest: boolean;
  /** The value stored under `key`, or undefined. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Stores `value` under `key`, replacing any previous value atomically. */
  set(key: string, value: Uint8Array): Promise<void>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix`, sorted. */
  keys(prefix: string): Promise<string[]>;
}

const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Whether `key` is a valid storage key: 1-128 of `[A-Za-z0-9._-]`, not starting with `.`. */
export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}
