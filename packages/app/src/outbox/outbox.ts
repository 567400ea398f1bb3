import { create, fromBinary, toBinary, type DescMessage, type Message, type Registry } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { planFor, PolicyError, setLeaves, type ChannelDropReason } from "@datapact/policy";
import { cloud, DataUseStatementSchema, type DataUseStatement } from "@datapact/proto";
import { randomUUID } from "node:crypto";
import type { CloudCallError } from "../errors/cloud-call-error.js";
import { SdkClosedError } from "../errors/sdk-closed-error.js";
import { cloudCallError } from "../transport/cloud-call-failure.js";
import { Backoff, type RetryOptions } from "./backoff.js";
import type { OutboxChannel } from "./outbox-channel.js";
import type { OutboxEvent } from "./outbox-event.js";
import type { RecordQueue } from "./record-queue.js";

/** A field the policy removed before the record left, by path (map keys shown as `*`). */
export interface DroppedField {
  readonly path: string;
  readonly reason: ChannelDropReason;
}

/** What became of one record handed to an outbox. */
export interface SubmitOutcome {
  /**
   * - `sent`: delivered now;
   * - `queued`: kept on the phone, to be sent in order when the cloud is reachable;
   * - `nothing-to-send`: the policy left nothing of it for this channel;
   * - `not-queued`: the cloud was unreachable and nothing of it may be kept on the phone;
   * - `not-collected`: the channel is closed to it (not enrolled in the plan).
   */
  readonly status: "sent" | "queued" | "nothing-to-send" | "not-queued" | "not-collected";
  readonly recordId?: string;
  /** Fields removed by the channel's projection. */
  readonly dropped: readonly DroppedField[];
}

/** Envelope fields the caller may give with a record. */
export interface SubmitOptions {
  /** When the device or app collected it; default now. */
  readonly collectedAt?: Date;
  /** The bound device it came from (account outbox only). */
  readonly deviceId?: string;
}

/** Options of {@link Outbox}. */
export interface OutboxOptions {
  readonly channel: OutboxChannel;
  readonly queue: RecordQueue;
  readonly registry: Registry;
  readonly retry?: RetryOptions;
  /** Records per Ingest call; default 50. */
  readonly batchSize?: number;
  /**
   * Whether the outbox flushes on its own (right after queueing, and on a
   * backoff timer after a failure). Default true; with false the app calls
   * flush(), say when the platform reports the network back.
   */
  readonly backgroundFlush?: boolean;
  readonly onEvent?: (event: OutboxEvent) => void;
}

const RPC = "SyncService/Ingest";

/**
 * Sends records on one channel in the order they were handed over. A record
 * is projected for its channel before anything else; it goes straight out
 * when nothing is waiting, and otherwise (or when the cloud is unreachable)
 * the part of it the policy lets the app tier keep is queued in storage.
 * Queued records are projected again, under the consent of that moment, when
 * they are flushed and whenever consent changes ({@link prune}), so a
 * withdrawal reaches what is already queued. Retries back off exponentially.
 */
export class Outbox {
  private readonly backoff: Backoff;
  private readonly batchSize: number;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: OutboxOptions) {
    this.backoff = new Backoff(options.retry);
    this.batchSize = options.batchSize ?? 50;
  }

  /** Projects, then sends or queues one record. Throws CloudCallError when the cloud refused it (nothing is kept). */
  submit(schema: DescMessage, message: Message, options: SubmitOptions = {}): Promise<SubmitOutcome> {
    return this.serial(async () => {
      const { channel, queue } = this.options;
      const dropped: DroppedField[] = [];
      const projected = channel.project(schema, message, (path, reason) => dropped.push({ path: pathToString(path), reason }));
      const statement = isEmpty(schema, projected) ? undefined : channel.statement(schema, projected);
      if (!statement) return { status: "nothing-to-send", dropped };
      const recordId = randomUUID();
      const collectedAt = options.collectedAt ?? new Date();
      if (this.timer === undefined && (await queue.size()) === 0) {
        try {
          await channel.ingest([envelope(recordId, schema, projected, statement, collectedAt, options.deviceId)]);
          this.emit({ kind: "sent", outbox: channel.name, recordIds: [recordId] });
          return { status: "sent", recordId, dropped };
        } catch (err) {
          const failure = cloudCallError(RPC, err);
          if (!failure.transient) throw failure;
          this.scheduleRetry(failure);
        }
      }
      const stored = channel.storedCopy(schema, projected);
      if (isEmpty(schema, stored)) {
        this.emit({ kind: "dropped", outbox: channel.name, recordId, reason: "NOT_STORABLE" });
        return { status: "not-queued", recordId, dropped };
      }
      // The queued copy carries no consent claim: its statement is made again when it is sent.
      const skeleton = create(DataUseStatementSchema, { messageType: schema.typeName, productId: planFor(schema).productId });
      await queue.append(envelope(recordId, schema, stored, skeleton, collectedAt, options.deviceId));
      this.emit({ kind: "queued", outbox: channel.name, recordId });
      if (this.timer === undefined && this.options.backgroundFlush !== false) this.scheduleFlush(0);
      return { status: "queued", recordId, dropped };
    });
  }

  /**
   * Sends what is queued, oldest first, until the queue is empty or the
   * cloud is unreachable (then a retry is scheduled). Records that no
   * consent covers any more are dropped; a record the cloud refuses is
   * dropped and reported. Resolves to the number of records still queued.
   */
  flush(): Promise<number> {
    return this.serial(async () => {
      this.clearTimer();
      const { channel, queue } = this.options;
      for (;;) {
        const entries = await queue.head(this.batchSize);
        if (entries.length === 0) {
          this.backoff.reset();
          return 0;
        }
        const batch: { key: string; record: cloud.Record }[] = [];
        for (const entry of entries) {
          const ready = await this.prepare(entry.key, entry.record);
          if (ready) batch.push({ key: entry.key, record: ready });
        }
        if (batch.length === 0) continue;
        const stalled = await this.deliver(batch);
        if (stalled) return queue.size();
      }
    });
  }

  /** Projects every queued record again under the consent of now: drops what nothing covers, rewrites what lost fields. */
  prune(): Promise<void> {
    return this.serial(async () => {
      const { channel, queue, registry } = this.options;
      for (const entry of await queue.all()) {
        const decoded = decode(registry, entry.record);
        if ("failure" in decoded) {
          await this.drop(entry.key, entry.record?.recordId, decoded.failure);
          continue;
        }
        const projected = projectQueued(channel, decoded.schema, decoded.message);
        if (!projected) {
          await this.drop(entry.key, entry.record?.recordId, "CORRUPT");
          continue;
        }
        const stored = channel.storedCopy(decoded.schema, projected);
        if (isEmpty(decoded.schema, stored)) {
          await this.drop(entry.key, entry.record?.recordId, "NO_CONSENT");
          continue;
        }
        const payload = toBinary(decoded.schema, stored);
        if (!sameBytes(payload, entry.record!.payload)) await queue.replace(entry.key, { ...entry.record!, payload });
      }
      // Nothing left to retry: the next record may go straight out again.
      if ((await queue.size()) === 0) this.clearTimer();
    });
  }

  /** Drops everything queued at once (the user left the plan). */
  clear(reason: "OPTED_OUT"): Promise<number> {
    return this.serial(async () => {
      this.clearTimer();
      const n = await this.options.queue.clear();
      if (n > 0) this.emit({ kind: "dropped", outbox: this.options.channel.name, reason });
      return n;
    });
  }

  /** How many records wait in the queue. */
  pending(): Promise<number> {
    return this.options.queue.size();
  }

  /** Stops retrying and waits for the operation in progress; later calls throw SdkClosedError. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    await this.chain.catch(() => undefined);
  }

  /** The record to send for a queued entry, projected and stated now; undefined when it was dropped instead. */
  private async prepare(key: string, record: cloud.Record | undefined): Promise<cloud.Record | undefined> {
    const { channel, registry } = this.options;
    const decoded = decode(registry, record);
    if ("failure" in decoded) {
      await this.drop(key, record?.recordId, decoded.failure);
      return undefined;
    }
    const projected = projectQueued(channel, decoded.schema, decoded.message);
    if (!projected) {
      await this.drop(key, record?.recordId, "CORRUPT");
      return undefined;
    }
    const statement = isEmpty(decoded.schema, projected) ? undefined : channel.statement(decoded.schema, projected);
    if (!statement) {
      await this.drop(key, record!.recordId, "NO_CONSENT");
      return undefined;
    }
    return { ...record!, payload: toBinary(decoded.schema, projected), statement };
  }

  /**
   * Sends a batch; on refusal isolates the refused record, and on a refusal
   * for size sends halves (a single record too large to ever be accepted is
   * rejected, not retried forever). Returns true when the cloud is unreachable.
   */
  private async deliver(batch: { key: string; record: cloud.Record }[]): Promise<boolean> {
    const { channel, queue } = this.options;
    try {
      await channel.ingest(batch.map((b) => b.record));
      for (const b of batch) await queue.remove(b.key);
      this.backoff.reset();
      this.emit({ kind: "sent", outbox: channel.name, recordIds: batch.map((b) => b.record.recordId) });
      return false;
    } catch (err) {
      const failure = cloudCallError(RPC, err);
      if (failure.tooLarge && batch.length > 1) {
        // Refused for its size, not its content: send less at a time.
        const half = Math.ceil(batch.length / 2);
        return (await this.deliver(batch.slice(0, half))) || this.deliver(batch.slice(half));
      }
      if (failure.transient) {
        this.scheduleRetry(failure);
        return true;
      }
      if (batch.length > 1) {
        // The batch is all or nothing: send one by one to find the record the cloud refuses.
        for (const single of batch) if (await this.deliver([single])) return true;
        return false;
      }
      const only = batch[0]!;
      await queue.remove(only.key);
      this.emit({ kind: "rejected", outbox: channel.name, recordId: only.record.recordId, connectCode: failure.connectCode });
      return false;
    }
  }

  private async drop(key: string, recordId: string | undefined, reason: "NO_CONSENT" | "UNKNOWN_TYPE" | "CORRUPT"): Promise<void> {
    await this.options.queue.remove(key);
    this.emit({ kind: "dropped", outbox: this.options.channel.name, recordId, reason });
  }

  private scheduleRetry(failure: CloudCallError): void {
    const delayMs = this.backoff.next();
    if (this.options.backgroundFlush === false) return;
    this.emit({ kind: "retry-scheduled", outbox: this.options.channel.name, delayMs, connectCode: failure.connectCode });
    this.scheduleFlush(delayMs);
  }

  private scheduleFlush(delayMs: number): void {
    if (this.closed) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((err: unknown) =>
        this.emit({ kind: "flush-failed", outbox: this.options.channel.name, errorName: err instanceof Error ? err.name : "unknown" }),
      );
    }, delayMs);
    // A pending retry must not keep the app's process alive.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs operations one at a time, so records leave in the order they came. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new SdkClosedError());
    const result = this.chain.then(op, op);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private emit(event: OutboxEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's failure must not change what the outbox does.
    }
  }
}

/**
 * Projects a queued record; undefined when the policy refuses it outright (a
 * third-party-direct value, which can only be there if the stored entry was
 * tampered with: everything queued was projected first).
 */
function projectQueued(channel: OutboxChannel, schema: DescMessage, message: Message): Message | undefined {
  try {
    return channel.project(schema, message);
  } catch (err) {
    if (err instanceof PolicyError) return undefined;
    throw err;
  }
}

function isEmpty(schema: DescMessage, message: Message): boolean {
  return setLeaves(planFor(schema), message).next().done === true;
}

function envelope(recordId: string, schema: DescMessage, message: Message, statement: DataUseStatement, collectedAt: Date, deviceId?: string): cloud.Record {
  return create(cloud.RecordSchema, {
    recordId,
    statement,
    payload: toBinary(schema, message),
    collectedAt: timestampFromDate(collectedAt),
    deviceId: deviceId ?? "",
  });
}

function decode(
  registry: Registry,
  record: cloud.Record | undefined,
): { schema: DescMessage; message: Message } | { failure: "UNKNOWN_TYPE" | "CORRUPT" } {
  if (!record) return { failure: "CORRUPT" };
  const schema = registry.getMessage(record.statement?.messageType ?? "");
  if (!schema) return { failure: "UNKNOWN_TYPE" };
  try {
    return { schema, message: fromBinary(schema, record.payload) };
  } catch {
    return { failure: "CORRUPT" };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
