// The improvement plan's unlinked channel: records sent with an install
// token and no account are stored apart from every data subject, only as
// pseudonymized analytics under the general policy in force.
import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { band, cloud, IdentificationQualifier, Purpose } from "@datapact/proto";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { INSTALL_TOKEN_HEADER } from "../../src/index.js";
import { installTokenHash } from "../../src/rights/withdraw/install-token-hash.js";
import { ENGINES } from "../storage/engines.js";
import { codeOf, honestStatement, recordOf, useCloud, type CloudFixture } from "../server/cloud-fixture.js";

function analyticsRecord(overrides: { qualifier?: IdentificationQualifier; purposes?: Purpose[]; policyVersion?: string; deviceId?: string } = {}) {
  const message = create(band.ProductInteractionRecordSchema, { appInstanceId: randomUUID(), sessionDurationSeconds: 42, events: [{ screen: "workouts" }] } as never);
  const statement = honestStatement(band.ProductInteractionRecordSchema, message, randomUUID(), overrides.policyVersion ?? "dev-1");
  statement.purposes = overrides.purposes ?? [Purpose.ANALYTICS];
  statement.qualifier = overrides.qualifier ?? IdentificationQualifier.PSEUDONYMIZED;
  return recordOf(band.ProductInteractionRecordSchema, message, statement.consentReceiptId, { statement, deviceId: overrides.deviceId, collectedAt: new Date(Date.UTC(2026, 0, 10)) });
}

function asInstall(f: CloudFixture, token: string) {
  return f.client(cloud.SyncService, undefined, "connect-h1", { [INSTALL_TOKEN_HEADER]: token });
}

describe.each(ENGINES)("unlinked analytics on %s", { timeout: 120_000 }, (engine) => {
  const cloudOf = useCloud(engine, "analytics");

  it("stores them under the install token only, ending after the analytics period", async (ctx) => {
    const f = cloudOf(ctx);
    const install = randomUUID();
    const record = analyticsRecord();
    const subjects = await f.count("subjects");
    const response = await asInstall(f, install).ingest({ records: [record] });
    expect(response.recordIds).toEqual([record.recordId]);
    const { rows } = await f.db.query<{ install_token: string; event_id: string; expires_at: Date; purposes: number[] }>(
      "select install_token, event_id, expires_at, purposes from analytics_events where event_id = $1",
      [record.recordId],
    );
    expect(rows.map((r) => [r.install_token, r.purposes.map(Number)])).toEqual([[install, [Purpose.ANALYTICS]]]);
    expect(rows[0]!.expires_at.getTime()).toBe(Date.UTC(2026, 0, 10) + 90 * 86_400_000);
    expect(await f.count("subjects")).toBe(subjects);
    const { rows: linked } = await f.db.query<{ n: number }>("select count(*)::int as n from records where record_id = $1", [record.recordId]);
    expect(linked[0]!.n).toBe(0);
    // The same event again is stored once.
    await asInstall(f, install).ingest({ records: [record] });
    expect((await f.db.query<{ n: number }>("select count(*)::int as n from analytics_events where event_id = $1", [record.recordId])).rows[0]!.n).toBe(1);
  });

  it("refuses events under an install token whose plan was left", async (ctx) => {
    const f = cloudOf(ctx);
    const install = randomUUID();
    await f.db.query("insert into revoked_install_tokens (token_hash, revoked_at) values ($1, now())", [installTokenHash(install)]);
    const before = await f.snapshot();
    expect(await codeOf(asInstall(f, install).ingest({ records: [analyticsRecord()] }))).toBe(Code.PermissionDenied);
    expect(await f.snapshot()).toEqual(before);
  });

  it("refuses what an unlinked channel may not carry, and stores nothing", async (ctx) => {
    const f = cloudOf(ctx);
    const install = randomUUID();
    const cases: [string, cloud.Record, Code][] = [
      ["an identified statement", analyticsRecord({ qualifier: IdentificationQualifier.IDENTIFIED }), Code.InvalidArgument],
      ["a purpose besides analytics", analyticsRecord({ purposes: [Purpose.ANALYTICS, Purpose.ADVERTISING] }), Code.InvalidArgument],
      ["a device id", analyticsRecord({ deviceId: "dev_1" }), Code.InvalidArgument],
      ["a general policy version not in force", analyticsRecord({ policyVersion: "dev-0" }), Code.PermissionDenied],
    ];
    for (const [name, record, code] of cases) {
      const before = await f.snapshot();
      expect([name, Code[await codeOf(asInstall(f, install).ingest({ records: [record] }))]]).toEqual([name, Code[code]]);
      expect(await f.snapshot()).toEqual(before);
    }
  });
});

