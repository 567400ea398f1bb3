// The ingest path stores each record's end (expires_at) from the policy's
// recordExpiry, and the sweeper ends it there: a camera event clip ingested
// through SyncService is gone 7 days after capture, a record kept until the
// user asks stays.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { band, camera, cloud } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RetentionSweeper } from "../../src/retention/index.js";
import { recordOf, useCloud } from "../server/cloud-fixture.js";
import { ENGINES } from "../storage/engines.js";

const DAY = 86_400_000;

describe.each(ENGINES)("ingest sets the retention the sweeper enforces, on %s", { timeout: 120_000 }, (engine) => {
  const cloudOf = useCloud(engine, "ingest_expiry");

  it("a clip ingested through SyncService expires 7 days after capture and is swept then; feedback stays", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const receipt = await f.consentToGeneral(account);
    await f.enableFunction(account, "camera", "human_detection");
    const captured = new Date(f.clock.now().getTime() - DAY);
    const marker = `CLIP-${randomBytes(8).toString("hex")}`;
    const clip = create(camera.HumanDetectionClipSchema, { clipId: marker, recordedAt: timestampFromDate(captured), durationMs: 4000 } as never);
    const clipRecord = recordOf(camera.HumanDetectionClipSchema, clip, receipt, { collectedAt: captured });
    const feedback = recordOf(band.FeedbackRecordSchema, create(band.FeedbackRecordSchema, { feedbackText: "keep" } as never), receipt);
    await f.client(cloud.SyncService, account.token).ingest({ records: [clipRecord, feedback] });

    const { rows } = await f.db.query<{ record_id: string; expires_at: Date | null; payload_sealed: Uint8Array | null }>(
      "select record_id, expires_at, payload_sealed from records where subject_id = $1",
      [account.accountId],
    );
    // The clip is stored sealed (its values never in a readable column), so the row itself is what must go.
    expect(rows.find((r) => r.record_id === clipRecord.recordId)?.payload_sealed).not.toBeNull();
    const byId = new Map(rows.map((r) => [r.record_id, r.expires_at]));
    expect(byId.get(clipRecord.recordId)?.getTime()).toBe(captured.getTime() + 7 * DAY);
    expect(byId.get(feedback.recordId)).toBeNull();

    const sweeper = new RetentionSweeper({ db: f.db, keyring: f.server.context.keyring, clock: f.clock });
    expect((await sweeper.sweep(new Date(captured.getTime() + 7 * DAY - 1))).recordsDeleted).toBe(0);
    const report = await sweeper.sweep(new Date(captured.getTime() + 7 * DAY));
    expect(report.byType.get(camera.HumanDetectionClipSchema.typeName)?.deleted).toBe(1);
    const { rows: left } = await f.db.query<{ record_id: string }>("select record_id from records where subject_id = $1", [account.accountId]);
    expect(left.map((r) => r.record_id)).toEqual([feedback.recordId]);
  });
});
