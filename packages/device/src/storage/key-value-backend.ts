/**
 * Raw bytes by key: the device's flash, a directory, or memory. The SDK
 * writes through {@link DeviceStore} (which asks the policy first) and its
 * own settings; nothing else should write here.
 */
export interface KeyValueBackend {
  read(key: string): Promise<Uint8Array | undefined>;
  /** Replaces the value atomically: a reader sees the old bytes or the new, never a mix. */
  write(key: string, value: Uint8Array): Promise<void>;
  /** Returns whether the key existed. */
  remove(key: string): Promise<boolean>;
  list(): Promise<string[]>;
  /** Erases every key and value. */
  clear(): Promise<void>;
}
