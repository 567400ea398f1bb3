/**
 * Unwrapped data keys in memory, least recently used evicted first and each
 * entry trusted for a limited time. The time limit bounds how long another
 * process keeps using a key after this one destroyed it; eviction
 * overwrites the key bytes so they do not linger in the heap.
 */
export class DataKeyCache {
  private readonly entries = new Map<string, { key: Uint8Array; until: number }>();

  constructor(
    /** Most keys held. */
    readonly capacity: number,
    /** How long an entry is trusted, in milliseconds. */
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(subjectId: string): Uint8Array | undefined {
    const entry = this.entries.get(subjectId);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.delete(subjectId);
      return undefined;
    }
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.entries.delete(subjectId);
    this.entries.set(subjectId, entry);
    // A copy: eviction zeroes the cached bytes, possibly while a caller still holds them.
    return new Uint8Array(entry.key);
  }

  set(subjectId: string, key: Uint8Array): void {
    if (this.capacity <= 0) return;
    this.delete(subjectId);
    while (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
    this.entries.set(subjectId, { key: new Uint8Array(key), until: this.now() + this.ttlMs });
  }

  delete(subjectId: string): void {
    const entry = this.entries.get(subjectId);
    if (!entry) return;
    entry.key.fill(0);
    this.entries.delete(subjectId);
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.delete(id);
  }
}
