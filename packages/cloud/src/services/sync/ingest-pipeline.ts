import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { forHop, forStorage, planFor, recordExpiry } from "@datapact/policy";
import { cloud, Tier, type Hop } from "@datapact/proto";
import type { SceneRun } from "../../scenes/scene-engine.js";
import type { RecordToStore } from "../../storage/records/record-to-store.js";
import { checkedId } from "../../storage/validation/checked-id.js";
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

/**
 * The ingest path, in two steps so that nothing is written until the whole
 * batch has passed:
 *
 * 1. {@link prepare}: for every record, the policy decodes the payload as
 *    the stated type and validates the statement against the schema
 *    (INVALID_ARGUMENT: StatementError, UnknownMessageTypeError,
 *    ThirdPartyDirectValueError); the device must be the caller's (M144);
 *    the statement's consent receipt must be the subject's, stand, be of the
 *    policy version in force and hold every stated purpose, and an
 *    off-by-default function must be on (PERMISSION_DENIED); then the policy
 *    projects the record for the hop it crossed and for storage at the cloud
 *    under the subject's consent, and says when it expires.
 * 2. {@link commit}: one transaction stores the batch (sealing what the
 *    pact encrypts at rest) and runs the subject's scenes over the records
 *    stored, so actions commit with their records or not at all.
 */
export class IngestPipeline {
  constructor(private readonly ctx: CloudContext) {}

  async prepare(caller: IngestCaller, records: readonly cloud.Record[], options: PrepareOptions = {}): Promise<PreparedIngest> {
    const { ctx } = this;
    if (records.length > ctx.limits.maxRecordsPerBatch) {
      throw new RejectedRequestError(Code.ResourceExhausted, "BATCH_TOO_LARGE", `at most ${ctx.limits.maxRecordsPerBatch} records per call`);
    }
    const at = ctx.clock.now();
    const consent = new SubjectConsent(await ctx.consent.recordsOf(caller.subjectId), ctx.policies);
    const ownDevices =
      caller.deviceId === undefined && records.some((r) => r.deviceId !== "")
        ? new Set((await ctx.devices.listBound(caller.subjectId)).map((d) => d.deviceId))
        : new Set<string>();
    const prepared = records.map((record, i): PreparedIngestRecord => {
      const argument = `records[${i}]`;
      const recordId = checkedId(record.recordId, `${argument}.record_id`);
      const { schema, message, statement } = ctx.policy.validateRecord(record);
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
      const crossed = forHop(schema, message, caller.hop, consent, { onDrop });
      const stored = forStorage(schema, crossed, Tier.CLOUD, { consent, onDrop });
      const collectedAt = record.collectedAt ? timestampDate(record.collectedAt) : at;
      const expiresAt = recordExpiry(schema, stored, Tier.CLOUD, collectedAt, statement.purposes);
      return { toStore: { recordId, schema, message: stored, statement, deviceId, collectedAt, expiresAt }, droppedPaths };
    });
    return { subjectId: caller.subjectId, consent, records: prepared, at };
  }

  async commit(batch: PreparedIngest): Promise<IngestResult> {
    const { ctx } = this;
    if (batch.records.length === 0) return { insertedIds: [], existingIds: [], sceneRuns: [] };
    return ctx.db.transaction(async (tx) => {
      const result = await ctx.records.bind(tx).insertBatch(
        batch.subjectId,
        batch.records.map((r) => r.toStore),
      );
      // Only records written by this call trigger scenes: a repeated id is not a new event.
      const fresh = new Set(result.insertedIds);
      const triggers = batch.records
        .filter((r) => fresh.delete(r.toStore.recordId))
        .map((r) => ({ recordId: r.toStore.recordId, schema: r.toStore.schema, message: r.toStore.message, deviceId: r.toStore.deviceId }));
      const sceneRuns = await ctx.sceneEngine.evaluate(
        batch.subjectId,
        batch.consent,
        triggers,
        { scenes: ctx.scenes.bind(tx), devices: ctx.devices.bind(tx), actions: ctx.actions.bind(tx) },
        batch.at,
      );
      return { ...result, sceneRuns };
    });
  }
}
