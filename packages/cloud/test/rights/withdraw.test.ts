import { randomBytes } from "node:crypto";
import { create, toBinary } from "@bufbuild/protobuf";
import { band, Purpose } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import type { DatabaseKind } from "../../src/index.js";
import { installTokenHash, stepsOf } from "../../src/rights/index.js";
import { canaryRecord } from "../storage/canary-records.js";
import { ENGINES } from "../storage/engines.js";
import { collect, DAY, useRights, type RightsFixture } from "./rights-fixture.js";

/** Stores improvement-plan events under a token as the analytics ingest does; returns their canary values. */
async function analyticsEvents(f: RightsFixture, token: string, n: number): Promise<string[]> {
  const markers: string[] = [];
  for (let i = 0; i < n; i++) {
    const marker = `UXIP-${randomBytes(8).toString("hex")}`;
    markers.push(marker);
    const payload = toBinary(band.InteractionEventSchema, create(band.InteractionEventSchema, { screen: marker } as never));
    await f.db.query(
      `insert into analytics_events (install_token, event_id, product_id, message_type, payload, purposes, qualifier, collected_at, expires_at)
       values ($1, $2, 'band', $3, $4, $5::int[], 2, $6, $7)`,
      [token, `ev-${i}`, band.InteractionEventSchema.typeName, payload, `{${Purpose.ANALYTICS}}`, f.clock.now().toISOString(), new Date(f.clock.now().getTime() + 90 * DAY).toISOString()],
    );
  }
  return markers;
}

describe.each(ENGINES)("consent withdrawal on %s", { timeout: 180_000 }, (engine: DatabaseKind) => {
  const fixture = useRights(engine, "rights_withdraw");

  it("withdrawing one product's consent stops it at once and erases that product's data; other products stay", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const product = s.records[0]!.record.statement.productId;
    const job = await f.rights.withdrawal.withdrawProduct(s.subjectId, product);
    // At once, before the job runs: the product's receipts are withdrawn and the product is marked.
    expect(job.completedSteps).toEqual(["consent"]);
    expect(await f.rights.withdrawnProducts.isWithdrawn(s.subjectId, product)).toBe(true);
    const { rows } = await f.db.query<{ product_id: string }>("select product_id from consent_receipts where subject_id = $1 and withdrawn_at is null", [s.subjectId]);
    expect(rows.map((r) => r.product_id)).not.toContain(product);
    expect(rows.map((r) => r.product_id)).toContain("");
    const done = (await f.rights.runner.run(job.jobId))!;
    expect(done.completedSteps).toEqual(["consent", ...stepsOf("product")]);
    const left = await collect(f.records.scan(s.subjectId));
    expect(left.some((r) => r.productId === product)).toBe(false);
    expect(left.length).toBeGreaterThan(0);
    // Consent given again lifts the mark.
    expect(await f.rights.withdrawnProducts.restore(s.subjectId, product)).toBe(true);
    expect(await f.rights.withdrawnProducts.isWithdrawn(s.subjectId, product)).toBe(false);
  });

  it("withdrawing the app's consent erases everything, the account with it", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const job = await f.rights.withdrawal.withdrawApp(s.subjectId);
    expect(job.scope).toBe("account");
    await f.rights.runner.run(job.jobId);
    expect(await f.findInTables(s.markers)).toEqual([]);
    expect(await f.rowsMentioning("subjects", s.subjectId)).toBe(0);
  });

  it("withdrawing analytics under the account narrows records kept for analytics and more, erases those kept for analytics alone", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate([]);
    const both = canaryRecord(band.FeedbackRecordSchema, "both");
    const crashOnly = canaryRecord(band.CrashReportSchema, "crash");
    await f.records.insertBatch(s.subjectId, [both.record, crashOnly.record]);
    expect(both.record.statement.purposes).toContain(Purpose.ANALYTICS);
    const job = await f.rights.withdrawal.withdrawPurposes(s.subjectId, [Purpose.ANALYTICS]);
    // The general receipt no longer names analytics; nothing else was withdrawn.
    const { rows } = await f.db.query<{ purposes: number[]; withdrawn_at: Date | null }>("select purposes, withdrawn_at from consent_receipts where subject_id = $1 and product_id = ''", [s.subjectId]);
    expect(rows[0]!.purposes.map(Number)).not.toContain(Purpose.ANALYTICS);
    expect(rows[0]!.withdrawn_at).toBeNull();
    await f.rights.runner.run(job.jobId);
    expect(await f.records.get(s.subjectId, "crash")).toBeUndefined();
    const narrowed = (await f.records.get(s.subjectId, "both"))!;
    expect(narrowed.statement.purposes).not.toContain(Purpose.ANALYTICS);
    const { rows: purposes } = await f.db.query<{ purposes: number[] }>("select purposes from records where subject_id = $1 and record_id = 'both'", [s.subjectId]);
    expect(purposes[0]!.purposes.map(Number)).not.toContain(Purpose.ANALYTICS);
    expect(await f.findInTables(crashOnly.plainMarkers)).toEqual([]);
  });

  it("leaving the improvement plan erases what the install token collected, refuses the token from then on, and leaves other installs alone", async (ctx) => {
    const f = fixture(ctx);
    const token = `tok_${randomBytes(12).toString("hex")}`;
    const otherToken = `tok_${randomBytes(12).toString("hex")}`;
    const mine = await analyticsEvents(f, token, 3);
    const theirs = await analyticsEvents(f, otherToken, 2);
    expect(await f.rights.installs.isRevoked(token)).toBe(false);
    const { job, events } = await f.rights.installs.erase(token);
    expect(events).toBe(3);
    expect(job).toMatchObject({ scope: "install", state: "done", completedSteps: ["analytics_events"], subjectId: undefined });
    expect(await f.rights.installs.isRevoked(token)).toBe(true);
    expect(await f.findInTables(mine)).toEqual([]);
    expect(new Set((await f.findInTables(theirs)).map((h) => h.marker)).size).toBe(2);
    // The token itself is kept nowhere, only its hash.
    expect(await f.findInTables([token])).toEqual([]);
    const { rows } = await f.db.query("select 1 from revoked_install_tokens where token_hash = $1", [installTokenHash(token)]);
    expect(rows.length).toBe(1);
    // Again: harmless.
    expect((await f.rights.installs.erase(token)).events).toBe(0);
    await expect(f.rights.installs.erase("short")).rejects.toMatchObject({ name: "InvalidRightsRequestError", problem: "MALFORMED_ID" });
  });

  it("refuses withdrawals it cannot act on, changing nothing", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate([]);
    const before = await f.snapshot();
    await expect(f.rights.withdrawal.withdrawProduct(s.subjectId, "")).rejects.toMatchObject({ problem: "MISSING" });
    await expect(f.rights.withdrawal.withdrawProduct(s.subjectId, "toaster")).rejects.toMatchObject({ code: "UNKNOWN_PRODUCT" });
    await expect(f.rights.withdrawal.withdrawPurposes(s.subjectId, [])).rejects.toMatchObject({ problem: "MISSING" });
    await expect(f.rights.withdrawal.withdrawPurposes(s.subjectId, [99 as Purpose])).rejects.toMatchObject({ problem: "MISSING" });
    await expect(f.rights.withdrawal.withdrawApp("nobody")).rejects.toMatchObject({ name: "UnknownSubjectError" });
    expect(await f.snapshot()).toEqual(before);
  });
});
