import { cloud } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { createSubject, type DatabaseKind } from "../../src/index.js";
import { DeletionJobStore, RetiredDevices, stepsOf, type DeletionCheckpoint } from "../../src/rights/index.js";
import { ENGINES } from "../storage/engines.js";
import { collect, DAY, useRights, type PopulatedSubject, type RightsFixture } from "./rights-fixture.js";

class SimulatedCrash extends Error {
  override readonly name = "SimulatedCrash";
}

/** Everything that must hold once a subject's account is deleted. */
async function expectAccountGone(f: RightsFixture, s: PopulatedSubject): Promise<void> {
  expect(await f.findInTables(s.markers)).toEqual([]);
  // Values the pact lets survive anonymized are only ever in anonymized_records.
  for (const hit of await f.findInTables(s.anonymizable)) expect(hit.table).toBe("anonymized_records");
  const { rows } = await f.db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
  );
  for (const { table_name } of rows) {
    // No row anywhere names the subject, its receipts or its pairwise ids.
    for (const id of [s.subjectId, ...s.receiptIds, ...s.pairwiseIds.values()]) expect({ table_name, id, n: await f.rowsMentioning(table_name, id) }).toEqual({ table_name, id, n: 0 });
  }
  for (const [maker, id] of s.pairwiseIds) expect(await f.pairwise.resolvePairwise(maker, id)).toBeUndefined();
  // Each bound device got unbind then factory reset, waiting for its next poll; every device can still authenticate to fetch them.
  const { rows: commands } = await f.db.query<{ device_id: string; kind: number }>(
    "select device_id, kind from device_commands where delivered_at is null order by device_id, created_at",
  );
  for (const d of s.boundDeviceIds) expect(commands.filter((c) => c.device_id === d).map((c) => c.kind)).toEqual([cloud.DeviceCommandKind.UNBIND, cloud.DeviceCommandKind.FACTORY_RESET]);
  const retired = new RetiredDevices(f.db);
  for (const h of s.deviceKeyHashes) expect(await retired.byKeyHash(h)).toBeDefined();
}

describe.each(ENGINES)("deletion jobs on %s", { timeout: 180_000 }, (engine: DatabaseKind) => {
  const fixture = useRights(engine, "rights_delete");

  it("deletes a whole account: rows, keys, devices (unbind + reset queued), shares, pairwise ids; anonymizes only what the pact marks; another account is untouched", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const other = await f.populate();
    // Shares both ways between the two accounts.
    await f.share(s.subjectId, other.subjectId, s.boundDeviceIds[0]!);
    await f.share(other.subjectId, s.subjectId, other.boundDeviceIds[0]!);
    const otherRecords = await collect(f.records.scan(other.subjectId));

    const job = await f.rights.deletions.requestDeletion(s.subjectId);
    expect(job).toMatchObject({ scope: "account", state: "pending", completedSteps: ["consent"] });
    // Collection stops with the request: every receipt is withdrawn before any step runs.
    const { rows: standing } = await f.db.query("select 1 from consent_receipts where subject_id = $1 and withdrawn_at is null", [s.subjectId]);
    expect(standing).toEqual([]);

    const done = (await f.rights.runner.run(job.jobId))!;
    expect(done.state).toBe("done");
    expect(done.completedSteps).toEqual(["consent", ...stepsOf("account")]);
    expect(done.subjectId).toBeUndefined();
    await expectAccountGone(f, s);

    const { rows: anonymized } = await f.db.query<{ n: number }>("select count(*)::int as n from anonymized_records");
    expect(anonymized[0]!.n).toBeGreaterThan(0);
    // The other account keeps everything of its own, but not the share of the deleted account's device.
    expect((await collect(f.records.scan(other.subjectId))).map((r) => r.recordId)).toEqual(otherRecords.map((r) => r.recordId));
    expect(await f.findInTables(other.markers)).not.toEqual([]);
    const { rows: shares } = await f.db.query("select 1 from shares where owner_subject_id = $1 or grantee_subject_id = $1", [s.subjectId]);
    expect(shares).toEqual([]);
    expect(f.logger.events("rights.deletion.step").length).toBe(stepsOf("account").length);
    expect(f.logger.text()).not.toContain(s.markers[0]!);
  });

  it("deletes one product's data only: its records, devices and shares; other products and consent stay", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const byProduct = new Map<string, string[]>();
    for (const r of s.records) byProduct.set(r.record.statement.productId, [...(byProduct.get(r.record.statement.productId) ?? []), r.record.recordId]);
    const [product] = [...byProduct.keys()];
    const job = await f.rights.deletions.requestDeletion(s.subjectId, product);
    expect(job.completedSteps).toEqual([]);
    await f.rights.runner.run(job.jobId);
    const left = (await collect(f.records.scan(s.subjectId))).map((r) => r.productId);
    expect(left).not.toContain(product);
    expect(left.length).toBe(s.records.length - byProduct.get(product)!.length);
    const { rows: devices } = await f.db.query<{ product_id: string }>("select product_id from devices where subject_id = $1", [s.subjectId]);
    expect(devices.map((d) => d.product_id)).not.toContain(product);
    expect(devices.length).toBeGreaterThan(0);
    const { rows: receipts } = await f.db.query("select 1 from consent_receipts where subject_id = $1 and withdrawn_at is null", [s.subjectId]);
    expect(receipts.length).toBe(2);
    const gone = s.records.filter((r) => r.record.statement.productId === product).flatMap((r) => [...r.plainMarkers, ...r.sealedCanaries]);
    expect(await f.findInTables(gone)).toEqual([]);
  });

  it("asking again returns the open job; running a finished job again changes nothing", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const first = await f.rights.deletions.requestDeletion(s.subjectId, "band");
    const again = await f.rights.deletions.requestDeletion(s.subjectId, "band");
    expect(again.jobId).toBe(first.jobId);
    await f.rights.runner.run(first.jobId);
    const before = await f.snapshot();
    const rerun = await f.rights.runner.run(first.jobId);
    expect(rerun?.state).toBe("done");
    expect(await f.snapshot()).toEqual(before);
    // A new request after the job finished opens a new job.
    expect((await f.rights.deletions.requestDeletion(s.subjectId, "band")).jobId).not.toBe(first.jobId);
  });

  it("a crash at any durable point resumes on another runner after the lease runs out, to the same end state", async (ctx) => {
    const base = fixture(ctx);
    // Count the checkpoints of an uncrashed run first (batches of 2 rows make several per step).
    const probe = await base.populate();
    const points: DeletionCheckpoint[] = [];
    const counting = base.with({ runner: { batchSize: 2, eraseBatchSize: 2, onCheckpoint: (p) => void points.push(p) } });
    await counting.runner.run((await counting.deletions.requestDeletion(probe.subjectId)).jobId);
    expect(points.length).toBeGreaterThan(stepsOf("account").length);

    for (let crashAt = 0; crashAt < points.length; crashAt++) {
      const f = fixture(ctx);
      const s = await f.populate();
      let seen = 0;
      const crashing = f.with({ runner: { batchSize: 2, eraseBatchSize: 2, leaseMs: 60_000, onCheckpoint: () => {
        if (seen++ === crashAt) throw new SimulatedCrash();
      } } });
      const job = await crashing.deletions.requestDeletion(s.subjectId);
      await expect(crashing.runner.run(job.jobId)).rejects.toBeInstanceOf(SimulatedCrash);
      const halfway = await new DeletionJobStore(f.db).get(job.jobId);
      expect(halfway?.state).toBe("running");
      // While the crashed runner's lease stands, nobody else takes the job.
      const second = f.with({ runner: { batchSize: 2, eraseBatchSize: 2 } });
      expect((await second.runner.runPending()).map((j) => j.jobId)).not.toContain(job.jobId);
      f.clock.advance(61_000);
      const resumed = await second.runner.runPending();
      expect(resumed.map((j) => j.jobId)).toContain(job.jobId);
      const done = (await new DeletionJobStore(f.db).get(job.jobId))!;
      expect(done.state).toBe("done");
      expect(done.attempts).toBe(2);
      expect(done.completedSteps).toEqual(["consent", ...stepsOf("account")]);
      await expectAccountGone(f, s);
    }
  });

  it("refuses to open a job for an unknown subject or product, and writes nothing", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const before = await f.snapshot();
    await expect(f.rights.deletions.requestDeletion("no-such-subject")).rejects.toMatchObject({ name: "UnknownSubjectError" });
    await expect(f.rights.deletions.requestDeletion(s.subjectId, "toaster")).rejects.toMatchObject({ name: "UnknownProductError", code: "UNKNOWN_PRODUCT" });
    expect(await f.snapshot()).toEqual(before);
  });

  it("a job of one subject is not another's: jobOf says not found, and a malformed id is refused as such", async (ctx) => {
    const f = fixture(ctx);
    const a = await createSubject(f.db, "eu");
    const b = await createSubject(f.db, "eu");
    const job = await f.rights.deletions.requestDeletion(a, "band");
    expect((await f.rights.deletions.jobOf(a, job.jobId)).jobId).toBe(job.jobId);
    await expect(f.rights.deletions.jobOf(b, job.jobId)).rejects.toMatchObject({ name: "DeletionJobNotFoundError" });
    await expect(f.rights.deletions.jobOf(a, "del_not-a-uuid")).rejects.toMatchObject({ name: "InvalidRightsRequestError", problem: "MALFORMED_ID" });
  });

  it("two runners racing on one job: one runs it, the other leaves it alone", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const job = await f.rights.deletions.requestDeletion(s.subjectId);
    const [a, b] = [f.with({}), f.with({})];
    const results = await Promise.all([a.runner.run(job.jobId), b.runner.run(job.jobId)]);
    expect(results.some((r) => r?.state === "done")).toBe(true);
    await a.runner.runPending();
    const done = (await new DeletionJobStore(f.db).get(job.jobId))!;
    expect(done.state).toBe("done");
    expect(done.attempts).toBe(1);
    await expectAccountGone(f, s);
  });

  it("old finished jobs of a deleted account stop naming it", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const product = await f.rights.deletions.requestDeletion(s.subjectId, "band");
    await f.rights.runner.run(product.jobId);
    f.clock.advance(DAY);
    await f.rights.runner.run((await f.rights.deletions.requestDeletion(s.subjectId)).jobId);
    expect((await new DeletionJobStore(f.db).get(product.jobId))?.subjectId).toBeUndefined();
  });
});
