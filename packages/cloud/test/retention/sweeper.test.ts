import { randomBytes } from "node:crypto";
import { create, type DescMessage } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { consentSnapshot, forStorage, planFor, statementFor } from "@datapact/policy";
import { band, camera, Purpose, Tier } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { createSubject, DataKeyring, openDatabase, type Database, type DatabaseKind } from "../../src/index.js";
import { RetentionSweeper, storageExpiry } from "../../src/retention/index.js";
import { ENGINES, PG_URL } from "../storage/engines.js";
import { ALL_PURPOSES, DAY, findInText, useRights, type RightsFixture } from "../rights/rights-fixture.js";
import { retentionRegistry, UsageSchema } from "./retention-schemas.js";

/** Stores a record as the ingest path does: projected for the cloud, honest statement, expiry from the annotations. */
async function store(f: RightsFixture, subjectId: string, schema: DescMessage, init: Record<string, unknown>, options: { recordId?: string; collectedAt?: Date; purposes?: Purpose[] } = {}) {
  const plan = planFor(schema);
  const consent = consentSnapshot({ [plan.productId]: { purposes: options.purposes ?? ALL_PURPOSES, enabledFunctions: plan.fn ? [plan.fn] : [] } });
  const stored = forStorage(schema, create(schema, init as never), Tier.CLOUD, { consent });
  const statement = statementFor(schema, stored, { consent, policyVersion: "v1", consentReceiptId: "r1" });
  const collectedAt = options.collectedAt ?? f.clock.now();
  const recordId = options.recordId ?? `rec-${randomBytes(6).toString("hex")}`;
  await f.records.insertBatch(subjectId, [{ recordId, schema, message: stored, statement, collectedAt, expiresAt: storageExpiry(schema, stored, statement, collectedAt) }]);
  return { recordId, stored, statement };
}

function sweeperOf(f: RightsFixture, db: Database = f.db, batchSize?: number): RetentionSweeper {
  return new RetentionSweeper({ db, keyring: f.keyring.bind(db) as DataKeyring, registry: f.registry, clock: f.clock, logger: f.logger, batchSize });
}

const marker = (label: string) => `${label}-${randomBytes(8).toString("hex")}`;

describe.each(ENGINES)("retention sweeper on %s", { timeout: 180_000 }, (engine: DatabaseKind) => {
  const fixture = useRights(engine, "retention");

  it("erases camera event clips 7 days after capture, not a moment before, without reading them", async (ctx) => {
    const f = fixture(ctx, retentionRegistry);
    const subject = await createSubject(f.db, "eu");
    const clip = marker("CLIP");
    const captured = f.clock.now();
    const { recordId } = await store(f, subject, camera.HumanDetectionClipSchema, { clipId: clip, video: new TextEncoder().encode(clip), recordedAt: timestampFromDate(captured), durationMs: 9000 });
    const { rows } = await f.db.query<{ expires_at: Date }>("select expires_at from records where subject_id = $1 and record_id = $2", [subject, recordId]);
    expect(rows[0]!.expires_at.getTime()).toBe(captured.getTime() + 7 * DAY);

    const sweeper = sweeperOf(f);
    const early = await sweeper.sweep(new Date(captured.getTime() + 7 * DAY - 1));
    expect(early.recordsDeleted).toBe(0);
    expect(await f.records.get(subject, recordId)).toBeDefined();
    // The key is destroyed first: the clip must go without being opened.
    const report = await sweeper.sweep(new Date(captured.getTime() + 7 * DAY));
    expect(report.recordsDeleted).toBe(1);
    expect(report.byType.get(camera.HumanDetectionClipSchema.typeName)).toEqual({ deleted: 1, trimmed: 0 });
    expect(await f.records.get(subject, recordId)).toBeUndefined();
    expect(await f.findInTables([clip])).toEqual([]);
    // Idempotent: nothing more to do at the same instant.
    const again = await sweeper.sweep(new Date(captured.getTime() + 7 * DAY));
    expect([again.recordsDeleted, again.recordsTrimmed, again.recordsRescheduled]).toEqual([0, 0, 0]);
  });

  it("keeps data kept 'until the user asks' however long it waits", async (ctx) => {
    const f = fixture(ctx, retentionRegistry);
    const subject = await createSubject(f.db, "eu");
    const { recordId } = await store(f, subject, band.FeedbackRecordSchema, { feedbackText: "kept" });
    const report = await sweeperOf(f).sweep(new Date(f.clock.now().getTime() + 3650 * DAY));
    expect(report.recordsDeleted + report.recordsTrimmed).toBe(0);
    expect(await f.records.get(subject, recordId)).toBeDefined();
  });

  it("cuts per field: analytics values go at 90 days, advertising and personalization at 180, the rest stays; 'not stored' was never written", async (ctx) => {
    const f = fixture(ctx, retentionRegistry);
    const subject = await createSubject(f.db, "eu");
    const values = { screen: marker("SCREEN"), crash: marker("CRASH"), adSegment: marker("AD"), note: marker("NOTE"), scratch: marker("SCRATCH") };
    const t0 = f.clock.now();
    const { recordId } = await store(f, subject, UsageSchema, values, { collectedAt: t0 });
    expect(await f.findInTables([values.scratch])).toEqual([]);
    const sweeper = sweeperOf(f);

    const at90 = await sweeper.sweep(new Date(t0.getTime() + 90 * DAY));
    expect(at90.recordsTrimmed).toBe(1);
    expect(await f.findInTables([values.crash])).toEqual([]);
    let kept = (await f.records.get(subject, recordId))!;
    expect((kept.message as unknown as Record<string, string>).screen).toBe(values.screen);
    expect(kept.statement.purposes).not.toContain(Purpose.ANALYTICS);
    expect(kept.expiresAt?.getTime()).toBe(t0.getTime() + 180 * DAY);

    const at180 = await sweeper.sweep(new Date(t0.getTime() + 180 * DAY));
    expect(at180.recordsTrimmed).toBe(1);
    expect(await f.findInTables([values.screen, values.adSegment])).toEqual([]);
    kept = (await f.records.get(subject, recordId))!;
    expect((kept.message as unknown as Record<string, string>).note).toBe(values.note);
    expect(kept.statement.purposes).toEqual([Purpose.FUNCTIONALITY]);
    expect(kept.expiresAt).toBeUndefined();
    // The log names types and counts, never a value.
    expect(findInText(f.logger.text(), Object.values(values))).toEqual([]);
    expect(f.logger.events("retention.swept").length).toBe(2);
  });

  it("erases a record kept for analytics alone once its 90 days are over", async (ctx) => {
    const f = fixture(ctx, retentionRegistry);
    const subject = await createSubject(f.db, "eu");
    const t0 = f.clock.now();
    const { recordId, statement } = await store(f, subject, UsageSchema, { screen: marker("S"), crash: marker("C") }, { purposes: [Purpose.ANALYTICS] });
    expect(statement.purposes).toEqual([Purpose.ANALYTICS]);
    const report = await sweeperOf(f).sweep(new Date(t0.getTime() + 90 * DAY));
    expect(report.recordsDeleted).toBe(1);
    expect(await f.records.get(subject, recordId)).toBeUndefined();
  });

  it("moves a too-early stored expiry to the right instant rather than cutting anything", async (ctx) => {
    const f = fixture(ctx, retentionRegistry);
    const subject = await createSubject(f.db, "eu");
    const t0 = f.clock.now();
    const { recordId } = await store(f, subject, UsageSchema, { adSegment: marker("AD") });
    await f.db.query("update records set expires_at = $3 where subject_id = $1 and record_id = $2", [subject, recordId, new Date(t0.getTime() + DAY).toISOString()]);
    const report = await sweeperOf(f).sweep(new Date(t0.getTime() + 2 * DAY));
    expect(report.recordsRescheduled).toBe(1);
    expect((await f.records.get(subject, recordId))!.expiresAt?.getTime()).toBe(t0.getTime() + 180 * DAY);
  });

  it("erases analytics events and anonymized records at their end", async (ctx) => {
    const f = fixture(ctx, retentionRegistry);
    const now = f.clock.now();
    for (const [id, days] of [["old", -1], ["new", 1]] as const) {
      await f.db.query(
        `insert into analytics_events (install_token, event_id, product_id, message_type, payload, purposes, qualifier, collected_at, expires_at)
         values ('tok-retention-test-0001', $1, 'band', 't', '\\x00', '{2}', 2, $2, $3)`,
        [id, now.toISOString(), new Date(now.getTime() + days * DAY).toISOString()],
      );
      await f.db.query("insert into anonymized_records (anonymized_id, product_id, message_type, payload, collected_on, expires_at) values ($1, 'camera', 't', '\\x00', $2, $3)", [
        `anon-${id}-${randomBytes(4).toString("hex")}`,
        now.toISOString().slice(0, 10),
        new Date(now.getTime() + days * DAY).toISOString(),
      ]);
    }
    const report = await sweeperOf(f).sweep(now);
    expect(report.analyticsEvents).toBeGreaterThanOrEqual(1);
    expect(report.anonymizedRecords).toBeGreaterThanOrEqual(1);
    const { rows } = await f.db.query<{ event_id: string }>("select event_id from analytics_events where install_token = 'tok-retention-test-0001'");
    expect(rows.map((r) => r.event_id)).toEqual(["new"]);
  });

  it("several sweepers at once share the work: every due record goes exactly once, nothing else is touched", async (ctx) => {
    const f = fixture(ctx, retentionRegistry);
    const t0 = f.clock.now();
    const subjects = await Promise.all(Array.from({ length: 8 }, () => createSubject(f.db, "eu")));
    const due: string[] = [];
    for (const s of subjects) {
      for (let i = 0; i < 40; i++) {
        const clip = marker("C");
        due.push(clip);
        await store(f, s, camera.BabyCryClipSchema, { clipId: clip, durationMs: 1 });
      }
      await store(f, s, band.FeedbackRecordSchema, { feedbackText: "stays" });
    }
    // On PostgreSQL each sweeper has a pool of its own (another node); PGlite has one connection to share.
    const extra: Database[] = engine === "postgres" ? await Promise.all([0, 1].map(() => openDatabase({ url: PG_URL, schema: f.db.schema }))) : [];
    try {
      const dbs = engine === "postgres" ? [f.db, ...extra] : [f.db, f.db, f.db];
      const when = new Date(t0.getTime() + 8 * DAY);
      const reports = await Promise.all(dbs.map((db) => sweeperOf(f, db, 7).sweep(when)));
      expect(reports.reduce((n, r) => n + r.recordsDeleted, 0)).toBe(due.length);
      const { rows } = await f.db.query<{ n: number }>("select count(*)::int as n from records where subject_id = any($1::text[])", [subjects]);
      expect(rows[0]!.n).toBe(subjects.length);
      expect(await f.findInTables(due.slice(0, 20))).toEqual([]);
    } finally {
      for (const db of extra) await db.close();
    }
  });

  it("refuses an invalid instant", async (ctx) => {
    const f = fixture(ctx, retentionRegistry);
    await expect(sweeperOf(f).sweep(new Date(Number.NaN))).rejects.toMatchObject({ name: "InvalidArgumentError" });
  });
});
