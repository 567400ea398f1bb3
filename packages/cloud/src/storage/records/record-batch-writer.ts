import type { SubjectSealer } from "../../keys/data-keyring.js";
import type { Queryable } from "../database/database.js";
import { prepareRecord, sealedPayloadContext, StatementEncodings, type PreparedRecord } from "./prepared-record.js";
import { insertRecordRows } from "./record-rows-insert.js";
import type { InsertBatchResult, RecordToStore } from "./record-to-store.js";

/** Rows per INSERT statement: large enough to amortise round trips, small enough for modest statements. */
export const INSERT_CHUNK = 1000;

/**
 * Writes one subject's records through one connection that is inside a
 * transaction, a chunk at a time, so that the caller can check and encode
 * the next chunk while the server stores the last one (on two cores the
 * database and the encoding overlap instead of taking turns).
 *
 * Nothing is atomic here by itself: the transaction is. A caller that gets
 * an error from {@link write} or {@link finish} must roll back, which takes
 * every chunk written so far with it. Made by {@link RecordStore.openWriter}.
 */
export class RecordBatchWriter {
  private readonly pending: Promise<void>[] = [];
  private readonly inserted = new Set<string>();
  private readonly order: string[] = [];
  private failure: { error: unknown } | undefined;
  private readonly statements = new StatementEncodings();
  private finished = false;

  /** @internal */
  constructor(
    private readonly tx: Queryable,
    readonly subjectId: string,
    private readonly sealer: SubjectSealer,
  ) {}

  /**
   * Checks, encodes and seals `records`, sends their INSERT, then waits
   * until at most this INSERT is still running, so the caller's next chunk
   * is prepared while the server works. Throws InvalidArgumentError naming
   * `records[i]` (offset by `firstIndex`) for a record the store refuses,
   * before sending anything of this chunk, and any error of an earlier chunk.
   */
  async write(records: readonly RecordToStore[], firstIndex = 0): Promise<void> {
    if (this.finished) throw new Error("RecordBatchWriter.write after finish()");
    this.throwIfFailed();
    const prepared = records.map((r, i) => prepareRecord(r, `records[${firstIndex + i}]`, this.statements));
    for (let at = 0; at < prepared.length; at += INSERT_CHUNK) this.send(prepared.slice(at, at + INSERT_CHUNK));
    // Back-pressure: keep one statement in flight while the caller prepares the next chunk.
    while (this.pending.length > 1) await this.pending.shift();
    this.throwIfFailed();
  }

  /**
   * Waits for every INSERT; returns which ids this writer stored and which
   * were already there (or repeated), in the order written. Zeroes the
   * subject's key either way.
   */
  async finish(): Promise<InsertBatchResult> {
    this.finished = true;
    try {
      await Promise.all(this.pending.splice(0));
      this.throwIfFailed();
    } finally {
      this.sealer.close();
    }
    const insertedIds: string[] = [];
    const existingIds: string[] = [];
    // A repeated id is inserted once; later copies count as existing.
    for (const id of this.order) {
      if (this.inserted.delete(id)) insertedIds.push(id);
      else existingIds.push(id);
    }
    return { insertedIds, existingIds };
  }

  /** Waits for what was sent and zeroes the key, keeping any error to itself: for a caller that is rolling back. */
  async abandon(): Promise<void> {
    this.finished = true;
    await Promise.all(this.pending.splice(0));
    this.sealer.close();
  }

  private send(chunk: readonly PreparedRecord[]): void {
    const toSeal = chunk.filter((p) => p.payloadToSeal !== undefined);
    const sealedList = this.sealer.seal(toSeal.map((p) => ({ plaintext: p.payloadToSeal!, aad: sealedPayloadContext(p.messageType, p.recordId) })));
    const sealedOf = new Map(toSeal.map((p, i) => [p, sealedList[i]!]));
    for (const p of chunk) this.order.push(p.recordId);
    const insert = insertRecordRows(
      this.tx,
      this.subjectId,
      chunk,
      chunk.map((p) => sealedOf.get(p) ?? null),
      "do nothing",
    ).then(
      (ids) => {
        for (const id of ids) this.inserted.add(id);
      },
      (error: unknown) => {
        // The first failure is the one to report; later statements fail because the transaction is aborted.
        this.failure ??= { error };
      },
    );
    this.pending.push(insert);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
