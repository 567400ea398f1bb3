import type { DescMessage, Message } from "@bufbuild/protobuf";
import type { DataUseStatement } from "@datapact/proto";

/** A record read back from the store, decrypted. */
export interface StoredRecord {
  readonly subjectId: string;
  readonly recordId: string;
  readonly productId: string;
  readonly messageType: string;
  readonly deviceId: string | undefined;
  readonly schema: DescMessage;
  /** The full stored message: the sealed copy when there is one, else the plain one. */
  readonly message: Message;
  readonly statement: DataUseStatement;
  readonly collectedAt: Date;
  readonly storedAt: Date;
  readonly expiresAt: Date | undefined;
  /** Whether part of the record is stored field-encrypted. */
  readonly sealed: boolean;
}

/** Options of {@link RecordStore.list}. */
export interface ListOptions {
  /** One product's records; absent lists every product (without an index to match: prefer giving it). */
  readonly productId?: string;
  /** One message type (full name); absent lists every type. */
  readonly messageType?: string;
  /** Records of one bound device (the record's device id); absent lists records of any device or none. */
  readonly deviceId?: string;
  /** Records per page, 1 to 1000. Default 100. */
  readonly pageSize?: number;
  /** nextPageToken of the previous page, for the same subject and filters. */
  readonly pageToken?: string;
}

/** One page of {@link RecordStore.list}, newest first. */
export interface RecordPage {
  readonly records: readonly StoredRecord[];
  /** "" on the last page. */
  readonly nextPageToken: string;
}

/** Options of {@link RecordStore.scan}. */
export interface ScanOptions {
  /** One product's records; absent scans every product. */
  readonly productId?: string;
  /** Rows fetched per round trip, 1 to 5000. Default 500. Memory stays proportional to this, not to the subject's records. */
  readonly batchSize?: number;
}
