import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { forHop, forStorage, planFor, ProjectionMemo, recordExpiry } from "@datapact/policy";
import { cloud, Tier, type Hop } from "@datapact/proto";
import type { SceneRun } from "../../scenes/scene-engine.js";
import type { RecordBatchWriter } from "../../storage/records/record-batch-writer.js";
import type { RecordToStore } from "../../storage/records/record-to-store.js";
import { checkedId } from "../../storage/validation/checked-id.js";
import { INGESTED_MESSAGE, type IngestedRecordToStore } from "../../storage/validation/ingested-message.js";
import type { CloudContext } from "../cloud-context.js";
import { SubjectConsent } from "../consent/subject-consent.js";
import { invalidArgument, permissionDenied, RejectedRequestError } from "../errors/rejected-request-error.js";
import { fieldPathText } from "../field-path-text.js";

/** Who sends a batch and over which hop. */
export interface IngestCaller {
  readonly subjectId: string;
  /** HOP_APP_CLOUD for an account, HOP_DEVICE_CLOUD for a device. */
  readonly hop: Hop;
  /** Set when a device sends: its records are its own. */
  readonly deviceId?: string;
}

/** One record checked and projected, ready to store. */
export interface PreparedIngestRecord {
  readonly toStore: RecordToStore;
  /** Field paths the policy removed before storing. */
  readonly droppedPaths: readonly string[];
}

/** A batch that passed every check; nothing of it is stored yet. */
export interface PreparedIngest {
  readonly subjectId: string;
  readonly consent: SubjectConsent;
  readonly records: readonly PreparedIngestRecord[];
  readonly at: Date;
}

/** What storing a batch did. */
export interface IngestResult {
  readonly insertedIds: readonly string[];
  readonly existingIds: readonly string[];
  readonly sceneRuns: readonly SceneRun[];
}

/** Options of {@link IngestPipeline.prepare}. */
export interface PrepareOptions {
  /** The batch holds scenes (SceneService.SaveScene) rather than product records. */
  readonly scenes?: boolean;
}

/** Records checked and written per chunk by {@link IngestPipeline.ingest}: small enough that the next chunk's work overlaps the database's. */
const INGEST_CHUNK = 100;

/**
 * Records of the first and of the last chunk of a batch, kept short: until
 * the first chunk is checked the database has nothing to do, and once the
 * last one is checked the batch only waits for its INSERT.
 */
const EDGE_CHUNK = INGEST_CHUNK / 4;

/**
 * How {@link writeInChunks} splits `count` records: EDGE_CHUNK first and
 * last, and chunks of at most INGEST_CHUNK between, as even as can be.
 */
export function ingestChunkSizes(count: number): number[] {
  if (count <= 2 * EDGE_CHUNK) return count > EDGE_CHUNK ? [EDGE_CHUNK, count - EDGE_CHUNK] : count > 0 ? [count] : [];
  const body = count - 2 * EDGE_CHUNK;
  const chunks = Math.ceil(body / INGEST_CHUNK);
  const sizes = Array.from({ length: chunks }, (_, i) => Math.floor(body / chunks) + (i < body % chunks ? 1 : 0));
  return [EDGE_CHUNK, ...sizes, EDGE_CHUNK];
}

/**
 * Hands `writer` `count` records a chunk at a time (see
 * {@link ingestChunkSizes}), each chunk made by `chunk(at, end)` only when
 * its turn comes (so checking the next chunk overlaps the database's work
 * on the last); returns them all.
 */
async function writeInChunks(writer: RecordBatchWriter, count: number, chunk: (at: number, end: number) => readonly PreparedIngestRecord[]): Promise<PreparedIngestRecord[]> {
  const all: PreparedIngestRecord[] = [];
  let at = 0;
  for (const size of ingestChunkSizes(count)) {
    const records = chunk(at, at + size);
    all.push(...records);
    await writer.write(
      records.map((r) => r.toStore),
      at,
    );
    at += size;
  }
  return all;
}

/** What one batch is checked against: read once per batch. */
interface BatchContext {
  readonly caller: IngestCaller;
  readonly consent: SubjectConsent;
  readonly ownDevices: ReadonlySet<string>;
  readonly options: PrepareOptions;
  readonly at: Date;
  /** Verdicts under this batch's consent, shared by its records. */
  readonly memo: ProjectionMemo;
}

/** A batch checked and stored by {@link IngestPipeline.ingest}. */
export interface IngestOutcome extends IngestResult {
  readonly records: readonly PreparedIngestRecord[];
}

/**
 * The ingest path. Nothing of a batch is kept unless all of it passes:
 *
 * - checking, per record: the policy decodes the payload as the stated type
 *   and validates the statement against the schema (INVALID_ARGUMENT:
 *   StatementError, UnknownMessageTypeError, ThirdPartyDirectValueError);
 *   the device must be the caller's (M144); the statement's consent receipt
 *   must be the subject's, stand, be of the policy version in force and
 *   hold every stated purpose, and an off-by-default function must be on
 *   (PERMISSION_DENIED); then the policy projects the record for the hop it
 *   crossed and for storage at the cloud under the subject's consent, and
 *   says when it expires.
 * - storing: one transaction stores the batch (sealing what the pact
 *   encrypts at rest) and runs the subject's scenes over the records
 *   stored, so actions commit with their records or not at all.
 *
 * {@link ingest} does both a chunk at a time inside the transaction, so the
 * next chunk is checked while the database stores the last, and rolls back
 * everything if any record fails. {@link prepare} and {@link commit} do them
 * one after the other, for a caller that must act between the two.
 */
export class IngestPipeline {
  constructor(private readonly ctx: CloudContext) {}

  /** Checks and stores a batch; the path SyncService.Ingest takes. */
  async ingest(caller: IngestCaller, records: readonly cloud.Record[], options: PrepareOptions = {}): Promise<IngestOutcome> {
    const batch = await this.batchContext(caller, records, options);
    let checked: readonly PreparedIngestRecord[] = [];
    const result = await this.store(caller.subjectId, batch.consent, batch.at, async (writer) => {
      checked = await writeInChunks(writer, records.length, (at, end) => records.slice(at, end).map((record, i) => this.check(batch, record, at + i)));
      return checked;
    });
    return { ...result, records: checked };
  }

  /** Checks a whole batch without storing anything of it. */
  async prepare(caller: IngestCaller, records: readonly cloud.Record[], options: PrepareOptions = {}): Promise<PreparedIngest> {
    const batch = await this.batchContext(caller, records, options);
    const prepared = records.map((record, i) => this.check(batch, record, i));
    return { subjectId: caller.subjectId, consent: batch.consent, records: prepared, at: batch.at };
  }

  /** Stores a batch {@link prepare} checked. */
  async commit(batch: PreparedIngest): Promise<IngestResult> {
    if (batch.records.length === 0) return { insertedIds: [], existingIds: [], sceneRuns: [] };
    return this.store(batch.subjectId, batch.consent, batch.at, (writer) => writeInChunks(writer, batch.records.length, (at, end) => batch.records.slice(at, end)));
  }

  private async batchContext(caller: IngestCaller, records: readonly cloud.Record[], options: PrepareOptions): Promise<BatchContext> {
    const { ctx } = this;
    if (records.length > ctx.limits.maxRecordsPerBatch) {
      throw new RejectedRequestError(Code.ResourceExhausted, "BATCH_TOO_LARGE", `at most ${ctx.limits.maxRecordsPerBatch} records per call`);
    }
    const at = ctx.clock.now();
    const needsDevices = caller.deviceId === undefined && records.some((r) => r.deviceId !== "");
    // Independent lookups through the pool (never a transaction here): their round trips overlap.
    const [consentRecords, bound] = await Promise.all([
      ctx.consent.recordsOf(caller.subjectId),
      needsDevices ? ctx.devices.listBound(caller.subjectId) : Promise.resolve([]),
    ]);
    const consent = new SubjectConsent(consentRecords, ctx.policies);
    const ownDevices = new Set(bound.map((d) => d.deviceId));
    return { caller, consent, ownDevices, options, at, memo: new ProjectionMemo() };
  }

  private check(batch: BatchContext, record: cloud.Record, i: number): PreparedIngestRecord {
    const { caller, consent, ownDevices, options, at, memo } = batch;
    const argument = `records[${i}]`;
    const recordId = checkedId(record.recordId, `${argument}.record_id`);
    const { schema, message, statement } = this.ctx.policy.validateRecord(record);
    if ((schema.typeName === cloud.SceneSchema.typeName) !== (options.scenes === true)) {
      throw invalidArgument("WRONG_MESSAGE_TYPE", options.scenes ? `${argument}: the payload must be a ${cloud.SceneSchema.typeName}` : `${argument}: scenes are saved with SceneService.SaveScene`);
    }
    let deviceId: string | undefined;
    if (caller.deviceId !== undefined) {
      if (record.deviceId !== "" && record.deviceId !== caller.deviceId) throw permissionDenied("DEVICE_NOT_BOUND", `${argument}.device_id: a device sends its own records only`);
      deviceId = caller.deviceId;
    } else if (record.deviceId !== "") {
      if (!ownDevices.has(record.deviceId)) throw permissionDenied("DEVICE_NOT_BOUND", `${argument}.device_id: not a device bound to this account`);
      deviceId = record.deviceId;
    }
    const plan = planFor(schema);
    consent.checkStatement(statement, plan);
    const droppedPaths: string[] = [];
    const onDrop = (path: Parameters<typeof fieldPathText>[0]) => droppedPaths.push(fieldPathText(path));
    const crossed = forHop(schema, message, caller.hop, consent, { onDrop, memo });
    const stored = forStorage(schema, crossed, Tier.CLOUD, { consent, onDrop, memo });
    const collectedAt = record.collectedAt ? timestampDate(record.collectedAt) : at;
    const expiresAt = recordExpiry(schema, stored, Tier.CLOUD, collectedAt, statement.purposes);
    // Decoded from the payload bytes and only projected since, for storage too: the store need not check or project it again.
    // (The statement is the caller's object, so the store still checks it.)
    const toStore: IngestedRecordToStore = { recordId, schema, message: stored, statement, deviceId, collectedAt, expiresAt, [INGESTED_MESSAGE]: stored };
    return { toStore, droppedPaths };
  }

  /**
   * One transaction: `produce` hands the writer its records chunk by chunk,
   * then the subject's scenes run over the records this call inserted.
   */
  private async store(
    subjectId: string,
    consent: SubjectConsent,
    at: Date,
    produce: (writer: RecordBatchWriter) => Promise<readonly PreparedIngestRecord[]>,
  ): Promise<IngestResult> {
    const { ctx } = this;
    // Outside the transaction, so the keyring may cache the key for the next
    // batch; a first batch creates it inside, and a rejected one leaves none.
    await ctx.keyring.prefetch(subjectId);
    return ctx.db.transaction(async (tx) => {
      const writer = await ctx.records.bind(tx).openWriter(subjectId);
      let records: readonly PreparedIngestRecord[];
      try {
        records = await produce(writer);
      } catch (err) {
        await writer.abandon();
        throw err;
      }
      const result = await writer.finish();
      // Only records written by this call trigger scenes: a repeated id is not a new event.
      const fresh = new Set(result.insertedIds);
      const triggers = records
        .filter((r) => fresh.delete(r.toStore.recordId))
        .map((r) => ({ recordId: r.toStore.recordId, schema: r.toStore.schema, message: r.toStore.message, deviceId: r.toStore.deviceId }));
      const sceneRuns = await ctx.sceneEngine.evaluate(
        subjectId,
        consent,
        triggers,
        { scenes: ctx.scenes.bind(tx), devices: ctx.devices.bind(tx), actions: ctx.actions.bind(tx) },
        at,
      );
      return { ...result, sceneRuns };
    });
  }
}
