import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { cloud } from "@datapact/proto";
import type { AppStorage } from "../storage/app-storage.js";

/** One queued record, or one that no longer decodes. */
export type QueueEntry =
  | { readonly key: string; readonly record: cloud.Record }
  | { readonly key: string; readonly record?: undefined };

const SEQUENCE_DIGITS = 16;

/**
 * An ordered, persisted queue of record envelopes: one storage value per
 * record under `<prefix><sequence>`, the sequence zero-padded so key order is
 * queue order. Values are binary `datapact.cloud.v1.Record`s.
 */
export class RecordQueue {
  private constructor(
    private readonly storage: AppStorage,
    private readonly prefix: string,
    private nextSequence: number,
  ) {}

  /** Opens the queue under `prefix`, continuing after the last stored entry. */
  static async open(storage: AppStorage, prefix: string): Promise<RecordQueue> {
    const keys = await storage.keys(prefix);
    const last = keys.map((k) => Number(k.slice(prefix.length))).filter(Number.isSafeInteger).reduce((a, b) => Math.max(a, b), 0);
    return new RecordQueue(storage, prefix, last + 1);
  }

  /** Appends a record; returns its key. */
  async append(record: cloud.Record): Promise<string> {
    const key = this.prefix + String(this.nextSequence++).padStart(SEQUENCE_DIGITS, "0");
    await this.storage.set(key, toBinary(cloud.RecordSchema, record));
    return key;
  }

  /** Up to `limit` entries from the head, in order. */
  async head(limit: number): Promise<QueueEntry[]> {
    const keys = (await this.storage.keys(this.prefix)).slice(0, limit);
    const out: QueueEntry[] = [];
    for (const key of keys) {
      const bytes = await this.storage.get(key);
      if (!bytes) continue;
      try {
        out.push({ key, record: fromBinary(cloud.RecordSchema, bytes) });
      } catch {
        out.push({ key });
      }
    }
    return out;
  }

  /** Every entry, in order. */
  async all(): Promise<QueueEntry[]> {
    return this.head(Number.MAX_SAFE_INTEGER);
  }

  async replace(key: string, record: cloud.Record): Promise<void> {
    await this.storage.set(key, toBinary(cloud.RecordSchema, record));
  }

  async remove(key: string): Promise<void> {
    await this.storage.delete(key);
  }

  /** Removes every entry; returns how many there were. */
  async clear(): Promise<number> {
    const keys = await this.storage.keys(this.prefix);
    for (const key of keys) await this.storage.delete(key);
    return keys.length;
  }

  async size(): Promise<number> {
    return (await this.storage.keys(this.prefix)).length;
  }
}
