import { createRegistry, type Registry } from "@bufbuild/protobuf";
import { pactFiles } from "@datapact/proto";
import type { DataKeyring } from "../../keys/data-keyring.js";
import type { Queryable } from "../database/database.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { checkedDate } from "../validation/checked-date.js";
import { checkedId } from "../validation/checked-id.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { prepareRecord, sealedPayloadContext } from "./prepared-record.js";
import { INSERT_CHUNK, RecordBatchWriter } from "./record-batch-writer.js";
import { insertRecordRows } from "./record-rows-insert.js";
import { RECORD_COLUMNS, recordsFromRows, type RecordRow } from "./record-row.js";
import type { InsertBatchResult, RecordToStore } from "./record-to-store.js";
import type { ListOptions, RecordPage, ScanOptions, StoredRecord } from "./stored-record.js";

/** Options of {@link RecordStore}. */
export interface RecordStoreOptions {
  readonly db: Queryable;
  /** Seals the field-encrypted part of records under each subject's data key. */
  readonly keyring: DataKeyring;
  /** Message types the store can read back; default every type of the pact. */
  readonly registry?: Registry;
}

let pactRegistry: Registry | undefined;

function optionalId(value: unknown, argument: string): string | undefined {
  return value === undefined ? undefined : checkedId(value, argument);
}

function boundedInteger(value: unknown, argument: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(argument, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * The records table: product records of each data subject, the part the
 * pact stores field-encrypted at the cloud sealed under the subject's data
 * key, everything else in payload_plain. Which part is which is the policy's
 * decision (partitionAtRest); this store names no product or field.
 *
 * Every method takes the subject first: all reads and writes stay within one
 * subject's rows. Construct one per Database, and use {@link bind} to run it
 * inside a caller's transaction.
 */
export class RecordStore {
  private readonly db: Queryable;
  private readonly keyring: DataKeyring;
  private readonly registry: Registry;

  constructor(options: RecordStoreOptions) {
    this.db = options.db;
    this.keyring = options.keyring;
    this.registry = options.registry ?? (pactRegistry ??= createRegistry(...pactFiles));
  }

  /** The same store running its queries (and its keyring's) through `q`, typically a transaction. */
  bind(q: Queryable): RecordStore {
    return new RecordStore({ db: q, keyring: this.keyring.bind(q), registry: this.registry });
  }

  /**
   * Stores many records of one subject in one transaction, a few multi-row
   * statements rather than a statement per record. payload_plain holds the
   * record without its field-encrypted leaves; payload_sealed, only when such
   * a leaf is set, holds the whole stored record sealed under the subject's
   * key. Idempotent on record id: an id already stored is left as it was.
   *
   * All or nothing: the statements run in one transaction (or savepoint),
   * and a record that fails its checks fails the call before its own chunk
   * is sent and rolls back the chunks before it. Throws InvalidArgumentError
   * (naming the record and field), UnknownSubjectError, KeyDestroyedError
   * (the subject's data was shredded), ThirdPartyDirectValueError.
   */
  async insertBatch(subjectId: string, records: readonly RecordToStore[]): Promise<InsertBatchResult> {
    checkedId(subjectId, "subjectId");
    if (!Array.isArray(records)) throw new InvalidArgumentError("records", "must be an array");
    if (records.length === 0) return { insertedIds: [], existingIds: [] };
    // Outside a transaction the key lookup can fill the keyring's cache (a
    // lookup inside one may not), so later batches find the key in memory.
    // A missing key is created inside the transaction: a batch that fails
    // leaves no key behind.
    if (!this.db.inTransaction) await this.keyring.prefetch(subjectId);
    const write = async (tx: Queryable) => {
      const writer = await this.bind(tx).openWriter(subjectId);
      try {
        await writer.write(records);
      } catch (err) {
        await writer.abandon();
        throw err;
      }
      return writer.finish();
    };
    // One statement is atomic by itself; inside a caller's transaction it
    // needs no savepoint of its own (two round trips fewer per batch).
    // Several statements always run in a transaction or savepoint of their own.
    return this.db.inTransaction && records.length <= INSERT_CHUNK ? write(this.db) : this.db.transaction(write);
  }

  /**
   * A writer for a batch too large to prepare in one go: the caller hands it
   * chunks, and each chunk is encoded while the previous one is stored.
   * The store must be bound to a transaction ({@link bind}); the caller
   * rolls it back on any error. Looks the subject's key up once, creating
   * it on first use: throws UnknownSubjectError or KeyDestroyedError before
   * anything is written.
   */
  async openWriter(subjectId: string): Promise<RecordBatchWriter> {
    checkedId(subjectId, "subjectId");
    if (!this.db.inTransaction) throw new InvalidArgumentError("db", "a RecordBatchWriter needs a store bound to a transaction");
    return new RecordBatchWriter(this.db, subjectId, await this.keyring.sealerFor(subjectId));
  }

  /**
   * Writes one record, replacing any stored record with the same id (data
   * rights: correction). The old payloads are overwritten in the same row.
   * Same checks and errors as {@link insertBatch}.
   */
  async replace(subjectId: string, record: RecordToStore): Promise<void> {
    checkedId(subjectId, "subjectId");
    const prepared = prepareRecord(record, "record");
    const sealed =
      prepared.payloadToSeal === undefined
        ? (await this.keyring.ensureKeyFor(subjectId), null)
        : (await this.keyring.sealAllFor(subjectId, [{ plaintext: prepared.payloadToSeal, aad: sealedPayloadContext(prepared.messageType, prepared.recordId) }]))[0]!;
    // One statement: atomic without a transaction of its own.
    await insertRecordRows(this.db, subjectId, [prepared], [sealed], "do update");
  }

  /** One record, decrypted; undefined when the subject has no record with that id. */
  async get(subjectId: string, recordId: string): Promise<StoredRecord | undefined> {
    checkedId(subjectId, "subjectId");
    checkedId(recordId, "recordId");
    const { rows } = await this.db.query<RecordRow>(`select ${RECORD_COLUMNS} from records where subject_id = $1 and record_id = $2`, [subjectId, recordId]);
    const [record] = await recordsFromRows(subjectId, rows, this.keyring, this.registry);
    return record;
  }

  /**
   * A page of the subject's records, newest first (by collection time, then
   * id), decrypted. Pages are keyset-paginated, so a page costs the same
   * however deep it is. Throws InvalidPageTokenError for a token issued for
   * another subject or other filters.
   */
  async list(subjectId: string, options: ListOptions = {}): Promise<RecordPage> {
    checkedId(subjectId, "subjectId");
    const productId = optionalId(options.productId, "productId");
    const messageType = optionalId(options.messageType, "messageType");
    const deviceId = optionalId(options.deviceId, "deviceId");
    const pageSize = boundedInteger(options.pageSize, "pageSize", 1, 1000, 100);
    // The device joins the fingerprint only when given, so tokens issued before it existed stay valid.
    const filters = deviceId === undefined ? [productId, messageType] : [productId, messageType, deviceId];
    const cursor = options.pageToken === undefined || options.pageToken === "" ? undefined : decodePageToken(options.pageToken, subjectId, filters);

    const where = ["subject_id = $1"];
    const params: unknown[] = [subjectId];
    if (productId !== undefined) where.push(`product_id = $${params.push(productId)}`);
    if (messageType !== undefined) where.push(`message_type = $${params.push(messageType)}`);
    if (deviceId !== undefined) where.push(`device_id = $${params.push(deviceId)}`);
    if (cursor) {
      const at = params.push(new Date(cursor.collectedAtMs).toISOString());
      const id = params.push(cursor.recordId);
      where.push(`(collected_at, record_id) < ($${at}::timestamptz, $${id})`);
    }
    const limit = params.push(pageSize + 1);
    const { rows } = await this.db.query<RecordRow>(
      `select ${RECORD_COLUMNS} from records where ${where.join(" and ")} order by collected_at desc, record_id desc limit $${limit}`,
      params,
    );
    const page = rows.slice(0, pageSize);
    const records = await recordsFromRows(subjectId, page, this.keyring, this.registry);
    const last = page[page.length - 1];
    const nextPageToken =
      rows.length > pageSize && last ? encodePageToken({ collectedAtMs: last.collected_at.getTime(), recordId: last.record_id }, subjectId, filters) : "";
    return { records, nextPageToken };
  }

  /**
   * Every record of the subject (optionally of one product), decrypted, in
   * record-id order, fetched `batchSize` rows at a time by keyset
   * pagination on the primary key: memory stays flat however many records
   * there are (export, issue 4). Rows written during the scan may or may
   * not be seen. Do not run it on a PGlite Database while holding one of its
   * transactions open elsewhere.
   */
  async *scan(subjectId: string, options: ScanOptions = {}): AsyncGenerator<StoredRecord, void, undefined> {
    checkedId(subjectId, "subjectId");
    const productId = optionalId(options.productId, "productId");
    const batchSize = boundedInteger(options.batchSize, "batchSize", 1, 5000, 500);
    let after: string | undefined;
    for (;;) {
      const params: unknown[] = [subjectId];
      const where = ["subject_id = $1"];
      if (productId !== undefined) where.push(`product_id = $${params.push(productId)}`);
      if (after !== undefined) where.push(`record_id > $${params.push(after)}`);
      const limit = params.push(batchSize);
      const { rows } = await this.db.query<RecordRow>(
        `select ${RECORD_COLUMNS} from records where ${where.join(" and ")} order by record_id limit $${limit}`,
        params,
      );
      if (rows.length === 0) return;
      yield* await recordsFromRows(subjectId, rows, this.keyring, this.registry);
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.record_id;
    }
  }

  /** How many records the subject has, per message type (optionally of one product): the export summary. */
  async countByType(subjectId: string, options: { readonly productId?: string } = {}): Promise<Map<string, number>> {
    checkedId(subjectId, "subjectId");
    const productId = optionalId(options.productId, "productId");
    const params: unknown[] = [subjectId];
    const byProduct = productId === undefined ? "" : ` and product_id = $${params.push(productId)}`;
    const { rows } = await this.db.query<{ message_type: string; n: number }>(
      `select message_type, count(*)::int as n from records where subject_id = $1${byProduct} group by message_type order by message_type`,
      params,
    );
    return new Map(rows.map((r) => [r.message_type, r.n]));
  }

  /**
   * Deletes one record of the subject; returns whether there was one. Another
   * subject's record with the same id is never touched.
   */
  async delete(subjectId: string, recordId: string): Promise<boolean> {
    checkedId(subjectId, "subjectId");
    checkedId(recordId, "recordId");
    const { rowCount } = await this.db.query("delete from records where subject_id = $1 and record_id = $2", [subjectId, recordId]);
    return rowCount > 0;
  }

  /** Deletes the subject's records, of one product or all; returns how many. */
  async deleteFor(subjectId: string, productId?: string): Promise<number> {
    checkedId(subjectId, "subjectId");
    const product = optionalId(productId, "productId");
    const { rowCount } =
      product === undefined
        ? await this.db.query("delete from records where subject_id = $1", [subjectId])
        : await this.db.query("delete from records where subject_id = $1 and product_id = $2", [subjectId, product]);
    return rowCount;
  }

  /**
   * Deletes up to `limit` records of any subject whose expiry is at or before
   * `now`; returns how many. Call repeatedly until it returns less than
   * `limit` (retention sweeps, issue 4).
   */
  async deleteExpired(now: Date, limit = 1000): Promise<number> {
    checkedDate(now, "now");
    const max = boundedInteger(limit, "limit", 1, 100_000, 1000);
    const { rowCount } = await this.db.query(
      `delete from records r using (
         select subject_id, record_id from records where expires_at <= $1 order by expires_at limit $2
       ) due where r.subject_id = due.subject_id and r.record_id = due.record_id`,
      [now.toISOString(), max],
    );
    return rowCount;
  }
}
