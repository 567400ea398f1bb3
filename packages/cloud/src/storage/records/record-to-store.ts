import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { DataUseStatement } from "@datapact/proto";

/**
 * One record for {@link RecordStore.insertBatch}: a product message that has
 * already been validated and projected for storage at the cloud
 * (forStorage), with its statement. The store projects it again anyway
 * (projection is idempotent), so a caller's slip never stores what the
 * pact forbids at the cloud.
 */
export interface RecordToStore<Desc extends DescMessage = DescMessage> {
  /** Client-chosen id; storing the same id twice for a subject keeps the first. */
  readonly recordId: string;
  readonly schema: Desc;
  readonly message: MessageShape<Desc>;
  /** Its statement; messageType and productId must match the schema. */
  readonly statement: DataUseStatement;
  /** The bound device it came from; undefined or "" for none. */
  readonly deviceId?: string;
  readonly collectedAt: Date;
  /** When it must be gone (policy's recordExpiry); undefined when an event ends it. */
  readonly expiresAt?: Date;
}

/** What insertBatch did, per record id. */
export interface InsertBatchResult {
  /** Ids written by this call, in input order. */
  readonly insertedIds: readonly string[];
  /** Ids that were already stored (or repeated within the batch), in input order; left untouched. */
  readonly existingIds: readonly string[];
}
