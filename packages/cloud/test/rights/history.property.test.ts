// Property: over random histories of ingest, share, export, deletion (with a
// crash at a random durable point and a resume on another runner), withdrawal
// of analytics and retention sweeps at random times, on PGlite and PostgreSQL,
// after every step:
// - a deleted account's values are in no table (anonymizable values only in
//   anonymized_records) and no log line holds any generated value;
// - an export equals what is stored for the account;
// - after a sweep at t, no stored value is past its period at t (so nothing
//   outlives its period by more than one sweep interval).
import { randomBytes } from "node:crypto";
import { create, equals, ScalarType, type DescMessage } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { replayable } from "@datapact/arbitrary";
import { consentSnapshot, forAnonymization, forStorage, planFor, retainedPart, statementFor } from "@datapact/policy";
import { band, camera, home, Purpose, Tier } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSubject, type DatabaseKind } from "../../src/index.js";
import { RetentionSweeper, storageExpiry } from "../../src/retention/index.js";
import { ENGINES } from "../storage/engines.js";
import { retentionRegistry, UsageSchema } from "../retention/retention-schemas.js";
import { ALL_PURPOSES, collect, DAY, findInText, useRights, type RightsFixture } from "./rights-fixture.js";

const TYPES: readonly DescMessage[] = [camera.HumanDetectionClipSchema, camera.ProductInteractionSchema, band.FeedbackRecordSchema, home.PhoneInfoSchema, UsageSchema];
const PRODUCTS = [...new Set(TYPES.map((t) => planFor(t).productId))];
const SUBJECTS = 3;

type Step =
  | { kind: "ingest"; subject: number; type: number; count: number; ageDays: number }
  | { kind: "share"; owner: number; grantee: number }
  | { kind: "export"; subject: number }
  | { kind: "deleteProduct"; subject: number; product: number; crashAt: number }
  | { kind: "deleteAccount"; subject: number; crashAt: number }
  | { kind: "withdrawAnalytics"; subject: number; crashAt: number }
  | { kind: "sweep"; advanceDays: number };

const subject = fc.nat({ max: SUBJECTS - 1 });
const crashAt = fc.option(fc.nat({ max: 12 }), { nil: -1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("ingest" as const), subject, type: fc.nat({ max: TYPES.length - 1 }), count: fc.integer({ min: 1, max: 3 }), ageDays: fc.nat({ max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("share" as const), owner: subject, grantee: subject }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("export" as const), subject }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deleteProduct" as const), subject, product: fc.nat({ max: PRODUCTS.length - 1 }), crashAt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deleteAccount" as const), subject, crashAt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdrawAnalytics" as const), subject, crashAt }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("sweep" as const), advanceDays: fc.nat({ max: 120 }) }) },
);

class SimulatedCrash extends Error {
  override readonly name = "SimulatedCrash";
}

/** One account of the history, with the values generated for it. */
interface Account {
  readonly subjectId: string;
  readonly deviceIds: Map<string, string>;
  /** Values that must vanish with the account. */
  readonly markers: string[];
  /** Values the pact lets survive its deletion anonymized. */
  readonly anonymizable: string[];
  deleted: boolean;
}

/** A message of `schema` whose string and bytes leaves hold fresh markers. */
function markedMessage(schema: DescMessage, at: Date): { init: Record<string, unknown>; values: string[] } {
  const init: Record<string, unknown> = {};
  const values: string[] = [];
  for (const field of schema.fields) {
    if (field.oneof) continue;
    if (field.fieldKind === "scalar" && (field.scalar === ScalarType.STRING || field.scalar === ScalarType.BYTES)) {
      const v = `V${randomBytes(8).toString("hex")}`;
      values.push(v);
      init[field.localName] = field.scalar === ScalarType.BYTES ? new TextEncoder().encode(v) : v;
    } else if (field.fieldKind === "message" && field.message.typeName === "google.protobuf.Timestamp") {
      init[field.localName] = timestampFromDate(at);
    }
  }
  return { init, values };
}

async function runHistory(f: RightsFixture, steps: readonly Step[]): Promise<void> {
  const sweeper = new RetentionSweeper({ db: f.db, keyring: f.keyring, registry: f.registry, clock: f.clock, logger: f.logger });
  const accounts: Account[] = [];
  for (let i = 0; i < SUBJECTS; i++) {
    const subjectId = await createSubject(f.db, "eu");
    const deviceIds = new Map<string, string>();
    const markers: string[] = [];
    for (const product of PRODUCTS) {
      const d = await f.addDevice(subjectId, product);
      deviceIds.set(product, d.deviceId);
      markers.push(d.mac, d.serialNumber);
    }
    accounts.push({ subjectId, deviceIds, markers, anonymizable: [], deleted: false });
  }
  const allValues = () => accounts.flatMap((a) => [...a.markers, ...a.anonymizable]);

  const runJob = async (jobId: string, crashIndex: number) => {
    let seen = 0;
    const crashing = f.with({ runner: { batchSize: 2, eraseBatchSize: 2, onCheckpoint: () => {
      if (seen++ === crashIndex) throw new SimulatedCrash();
    } } });
    try {
      await crashing.runner.run(jobId);
      return;
    } catch (err) {
      if (!(err instanceof SimulatedCrash)) throw err;
    }
    f.clock.advance(61_000);
    const resumed = await f.with({ runner: { batchSize: 3, eraseBatchSize: 3 } }).runner.runPending();
    expect(resumed.map((j) => j.jobId)).toContain(jobId);
  };

  for (const s of steps) {
    switch (s.kind) {
      case "ingest": {
        const account = accounts[s.subject]!;
        if (account.deleted) break;
        const schema = TYPES[s.type]!;
        const plan = planFor(schema);
        const consent = consentSnapshot({ [plan.productId]: { purposes: ALL_PURPOSES, enabledFunctions: plan.fn ? [plan.fn] : [] } });
        const collectedAt = new Date(f.clock.now().getTime() - s.ageDays * DAY);
        const batch = [];
        for (let i = 0; i < s.count; i++) {
          const { init, values } = markedMessage(schema, collectedAt);
          const stored = forStorage(schema, create(schema, init as never), Tier.CLOUD, { consent });
          const statement = statementFor(schema, stored, { consent, policyVersion: "v1", consentReceiptId: "r1" });
          const kept = forAnonymization(schema, stored);
          for (const v of values) (kept && JSON.stringify(kept, (_k, x: unknown) => (x instanceof Uint8Array ? new TextDecoder().decode(x) : typeof x === "bigint" ? String(x) : x)).includes(v) ? account.anonymizable : account.markers).push(v);
          batch.push({ recordId: `r-${randomBytes(6).toString("hex")}`, schema, message: stored, statement, deviceId: account.deviceIds.get(plan.productId), collectedAt, expiresAt: storageExpiry(schema, stored, statement, collectedAt) });
        }
        await f.records.insertBatch(account.subjectId, batch);
        break;
      }
      case "share": {
        const [owner, grantee] = [accounts[s.owner]!, accounts[s.grantee]!];
        if (owner.deleted || grantee.deleted || s.owner === s.grantee) break;
        const device = owner.deviceIds.get("home")!;
        const { rows } = await f.db.query("select 1 from devices where device_id = $1 and unbound_at is null", [device]);
        const { rows: existing } = await f.db.query("select 1 from shares where owner_subject_id = $1 and device_id = $2 and grantee_subject_id = $3 and revoked_at is null", [owner.subjectId, device, grantee.subjectId]);
        if (rows.length > 0 && existing.length === 0) await f.share(owner.subjectId, grantee.subjectId, device);
        break;
      }
      case "export": {
        const account = accounts[s.subject]!;
        if (account.deleted) {
          await expect(collect(f.rights.exports.items(account.subjectId))).rejects.toMatchObject({ name: "UnknownSubjectError" });
          break;
        }
        const items = await collect(f.rights.exports.items(account.subjectId, { batchSize: 2 }));
        const exported = items.flatMap((i) => (i.kind === "record" ? [i.record] : []));
        const { rows } = await f.db.query<{ record_id: string }>("select record_id from records where subject_id = $1 order by record_id", [account.subjectId]);
        expect(exported.map((r) => r.recordId)).toEqual(rows.map((r) => r.record_id));
        for (const r of exported) expect(equals(r.schema, r.message as never, (await f.records.get(account.subjectId, r.recordId))!.message as never)).toBe(true);
        const summary = items[items.length - 1]!;
        expect(summary.kind === "summary" && summary.counts.recordCount).toBe(rows.length);
        break;
      }
      case "deleteProduct":
      case "deleteAccount": {
        const account = accounts[s.subject]!;
        if (account.deleted) {
          await expect(f.rights.deletions.requestDeletion(account.subjectId)).rejects.toMatchObject({ name: "UnknownSubjectError" });
          break;
        }
        const product = s.kind === "deleteProduct" ? PRODUCTS[s.product]! : "";
        const job = await f.rights.deletions.requestDeletion(account.subjectId, product);
        await runJob(job.jobId, s.crashAt);
        if (s.kind === "deleteAccount") account.deleted = true;
        else {
          const { rows } = await f.db.query("select 1 from records where subject_id = $1 and product_id = $2", [account.subjectId, product]);
          expect(rows).toEqual([]);
        }
        break;
      }
      case "withdrawAnalytics": {
        const account = accounts[s.subject]!;
        if (account.deleted) break;
        const job = await f.rights.withdrawal.withdrawPurposes(account.subjectId, [Purpose.ANALYTICS]);
        await runJob(job.jobId, s.crashAt);
        const { rows } = await f.db.query(`select 1 from records where subject_id = $1 and $2 = any(purposes)`, [account.subjectId, Purpose.ANALYTICS]);
        expect(rows).toEqual([]);
        break;
      }
      case "sweep": {
        f.clock.advance(s.advanceDays * DAY);
        const now = f.clock.now();
        await sweeper.sweep(now);
        const { rows: due } = await f.db.query("select 1 from records where expires_at <= $1", [now.toISOString()]);
        expect(due).toEqual([]);
        for (const account of accounts.filter((a) => !a.deleted)) {
          for (const r of await collect(f.records.scan(account.subjectId))) {
            expect(retainedPart(r.schema, r.message as never, r.statement, Tier.CLOUD, r.collectedAt, now).changed).toBe(false);
          }
        }
        break;
      }
    }
    // After every step.
    for (const account of accounts.filter((a) => a.deleted)) {
      expect(await f.findInTables(account.markers)).toEqual([]);
      for (const hit of await f.findInTables(account.anonymizable)) expect(hit.table).toBe("anonymized_records");
      expect(await f.rowsMentioning("records", account.subjectId)).toBe(0);
    }
    expect(findInText(f.logger.text(), allValues())).toEqual([]);
  }
}

describe.each(ENGINES)("random histories on %s", { timeout: 600_000 }, (engine: DatabaseKind) => {
  const fixture = useRights(engine, "rights_history");

  it("after every step: deleted accounts leave no value behind, exports equal storage, retention keeps nothing past its period", async (ctx) => {
    const params = replayable(`data-rights histories on ${engine}`, 40);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), async (steps) => {
        await runHistory(fixture(ctx, retentionRegistry), steps);
      }),
      params,
    );
  });
});
