// DataRightsService through the reference cloud (createCloudServer) and real
// Connect clients, on PGlite and PostgreSQL: an account exports, corrects
// and deletes its own data; anybody else gets a typed refusal and changes
// nothing.
import { randomBytes, randomUUID } from "node:crypto";
import { create, equals, fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { planFor } from "@datapact/policy";
import { band, cloud, home, IdentificationQualifier, Purpose } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { INSTALL_TOKEN_HEADER, REASON_HEADER } from "../../src/index.js";
import { codeOf, errorOf, honestStatement, PROTOCOLS, recordOf, useCloud, type CloudFixture, type TestAccount, type TestDevice } from "../server/cloud-fixture.js";
import { ENGINES } from "../storage/engines.js";
import { findInTables, findInText } from "../services/raw-scan.js";

interface Session {
  account: TestAccount;
  receipt: string;
  device: TestDevice;
  /** Canary values of the records ingested. */
  markers: string[];
  recordIds: string[];
}

const canary = (label: string) => `${label}-${randomBytes(8).toString("hex")}`;

async function ingest<Desc extends DescMessage>(f: CloudFixture, s: { account: TestAccount; receipt: string }, schema: Desc, message: MessageShape<Desc>, deviceId?: string): Promise<string> {
  const plan = planFor(schema);
  if (plan.offByDefault) await f.enableFunction(s.account, plan.productId, plan.fn);
  const record = recordOf(schema, message, s.receipt, { deviceId });
  await f.client(cloud.SyncService, s.account.token).ingest({ records: [record] });
  return record.recordId;
}

/** An account with a bound home device, a device event and a band profile. */
async function session(f: CloudFixture): Promise<Session> {
  const account = await f.createAccount();
  const receipt = await f.consentToGeneral(account);
  const device = await f.bindDevice(account, "home");
  const markers = [canary("PROP"), canary("EMAIL"), canary("DOB")];
  const s = { account, receipt };
  const recordIds = [
    await ingest(f, s, home.DeviceEventReportSchema, create(home.DeviceEventReportSchema, { deviceId: device.deviceId, properties: [{ property: "power", value: markers[0] }] }), device.deviceId),
    await ingest(f, s, band.AccountProfileRecordSchema, create(band.AccountProfileRecordSchema, { emailAddress: markers[1], dateOfBirth: markers[2] } as never)),
  ];
  return { account, receipt, device, markers: [...markers, device.mac, device.serialNumber], recordIds };
}

async function waitForJob(f: CloudFixture, jobId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await f.db.query<{ finished_at: Date | null }>("select finished_at from deletion_jobs where job_id = $1", [jobId]);
    if (rows[0]?.finished_at) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`deletion job ${jobId} did not finish`);
}

describe.each(ENGINES)("DataRightsService on %s", { timeout: 180_000 }, (engine) => {
  const cloudOf = useCloud(engine, "rights_svc");

  it.for(PROTOCOLS)("streams the caller's export over %s: every record as stored, the receipt, the device, then the summary", async (protocol, ctx) => {
    const f = cloudOf(ctx);
    const s = await session(f);
    const items: cloud.ExportDataResponse[] = [];
    for await (const item of f.client(cloud.DataRightsService, s.account.token, protocol).exportData({})) items.push(item);
    const records = items.flatMap((i) => (i.item.case === "record" ? [i.item.value] : []));
    expect(records.map((r) => r.recordId).sort()).toEqual([...s.recordIds].sort());
    const pulled = await f.client(cloud.SyncService, s.account.token).pull({ productId: "home" });
    const exported = records.find((r) => r.recordId === pulled.records[0]!.recordId)!;
    expect(equals(home.DeviceEventReportSchema, fromBinary(home.DeviceEventReportSchema, exported.payload), fromBinary(home.DeviceEventReportSchema, pulled.records[0]!.payload))).toBe(true);
    expect(items.filter((i) => i.item.case === "consent").map((i) => (i.item.value as cloud.ConsentReceipt).receiptId)).toEqual([s.receipt]);
    expect(items.filter((i) => i.item.case === "device").map((i) => (i.item.value as cloud.BoundDevice).mac)).toEqual([s.device.mac]);
    const last = items[items.length - 1]!;
    expect(last.item.case).toBe("summary");
    const summary = last.item.value as cloud.ExportSummary;
    expect([summary.recordCount, summary.consentCount, summary.deviceCount]).toEqual([2n, 1n, 1n]);
    expect(summary.recordsByType[home.DeviceEventReportSchema.typeName]).toBe(1n);
  });

  it("corrects a record: the old values are in no table, the export shows the new ones", async (ctx) => {
    const f = cloudOf(ctx);
    const s = await session(f);
    const profileId = s.recordIds[1]!;
    const newEmail = canary("NEWMAIL");
    const message = create(band.AccountProfileRecordSchema, { emailAddress: newEmail } as never);
    await f.client(cloud.DataRightsService, s.account.token).correctRecord({ record: recordOf(band.AccountProfileRecordSchema, message, s.receipt, { recordId: profileId }) });
    expect(await findInTables(f.db, [s.markers[1]!, s.markers[2]!])).toEqual([]);
    const items: cloud.ExportDataResponse[] = [];
    for await (const item of f.client(cloud.DataRightsService, s.account.token).exportData({ productId: "band" })) items.push(item);
    const record = items.find((i) => i.item.case === "record")!.item.value as cloud.Record;
    expect((fromBinary(band.AccountProfileRecordSchema, record.payload) as unknown as { emailAddress: string }).emailAddress).toBe(newEmail);
  });

  it("deletes one product through a job the caller can follow; the other product stays", async (ctx) => {
    const f = cloudOf(ctx);
    const s = await session(f);
    const rights = f.client(cloud.DataRightsService, s.account.token);
    const { job } = await rights.deleteData({ productId: "home" });
    expect(job!.jobId).toMatch(/^del_/);
    await waitForJob(f, job!.jobId);
    const { job: done } = await rights.getDeletionJob({ jobId: job!.jobId });
    expect(done!.state).toBe(cloud.DeletionState.DONE);
    expect(done!.completedSteps).toEqual(["shares", "devices", "rows"]);
    expect((await f.client(cloud.SyncService, s.account.token).pull({ productId: "home" })).records).toEqual([]);
    expect((await f.client(cloud.SyncService, s.account.token).pull({ productId: "band" })).records.length).toBe(1);
    expect(await findInTables(f.db, [s.markers[0]!, s.device.mac])).toEqual([]);
  });

  it("deletes the whole account: no table or log line holds its values, its token stops working, its device's commands wait", async (ctx) => {
    const f = cloudOf(ctx);
    const s = await session(f);
    const { job } = await f.client(cloud.DataRightsService, s.account.token).deleteData({});
    await waitForJob(f, job!.jobId);
    expect(await findInTables(f.db, s.markers)).toEqual([]);
    expect(findInText(f.logger.text(), s.markers)).toEqual([]);
    expect(await codeOf(f.client(cloud.DataRightsService, s.account.token).getDeletionJob({ jobId: job!.jobId }))).toBe(Code.Unauthenticated);
    const { rows } = await f.db.query<{ kind: number }>("select kind from device_commands where device_id = $1 and delivered_at is null order by created_at", [s.device.deviceId]);
    expect(rows.map((r) => r.kind)).toEqual([cloud.DeviceCommandKind.UNBIND, cloud.DeviceCommandKind.FACTORY_RESET]);
  });

  it("an install leaving the improvement plan erases what its token collected", async (ctx) => {
    const f = cloudOf(ctx);
    const install = randomUUID();
    const marker = canary("UXIP");
    const message = create(band.ProductInteractionRecordSchema, { appInstanceId: marker, sessionDurationSeconds: 5 } as never);
    const statement = honestStatement(band.ProductInteractionRecordSchema, message, randomUUID());
    statement.purposes = [Purpose.ANALYTICS];
    statement.qualifier = IdentificationQualifier.PSEUDONYMIZED;
    const headers = { [INSTALL_TOKEN_HEADER]: install };
    await f.client(cloud.SyncService, undefined, "connect-h1", headers).ingest({ records: [recordOf(band.ProductInteractionRecordSchema, message, "x", { statement })] });
    expect((await findInTables(f.db, [marker])).length).toBeGreaterThan(0);
    const { job } = await f.client(cloud.DataRightsService, undefined, "connect-h1", headers).deleteData({});
    expect(job!.state).toBe(cloud.DeletionState.DONE);
    expect(await findInTables(f.db, [marker, install])).toEqual([]);
  });

  it("refuses other callers and malformed requests with typed errors, deleting nothing", async (ctx) => {
    const f = cloudOf(ctx);
    const owner = await session(f);
    const grantee = await f.createAccount();
    await f.client(cloud.SharingService, owner.account.token).shareDevice({ deviceId: owner.device.deviceId, granteeAccountId: grantee.accountId, permissions: [cloud.SharePermission.VIEW] });
    const apiKey = await f.server.registerManufacturer({ manufacturerId: `maker-${randomBytes(3).toString("hex")}`, name: "Maker", productIds: [] });
    const ownerJob = (await f.client(cloud.DataRightsService, owner.account.token).deleteData({ productId: "band" })).job!;
    await waitForJob(f, ownerJob.jobId);
    const before = await f.snapshot();

    const reason = async (call: Promise<unknown>) => {
      const err = await errorOf(call);
      return [Code[err.code], err.metadata.get(REASON_HEADER)];
    };
    expect(await reason(f.client(cloud.DataRightsService, apiKey).deleteData({}))).toEqual(["PermissionDenied", "CALLER_NOT_ALLOWED"]);
    expect(await reason(f.client(cloud.DataRightsService, owner.device.deviceKey).deleteData({ productId: "home" }))).toEqual(["PermissionDenied", "CALLER_NOT_ALLOWED"]);
    expect(await reason(f.client(cloud.DataRightsService).deleteData({}))).toEqual(["Unauthenticated", "CALLER_NOT_ALLOWED"]);
    expect(await reason(f.client(cloud.DataRightsService, owner.account.token).deleteData({ productId: "toaster" }))).toEqual(["InvalidArgument", "UNKNOWN_PRODUCT"]);
    expect(await reason(f.client(cloud.DataRightsService, owner.account.token).getDeletionJob({ jobId: "../etc" }))).toEqual(["InvalidArgument", "INVALID_RIGHTS_REQUEST"]);
    expect(await reason(f.client(cloud.DataRightsService, grantee.token).getDeletionJob({ jobId: ownerJob.jobId }))).toEqual(["NotFound", "DELETION_JOB_NOT_FOUND"]);
    expect(await reason(f.client(cloud.DataRightsService, owner.account.token).correctRecord({}))).toEqual(["InvalidArgument", "INVALID_RIGHTS_REQUEST"]);
    expect(await reason(f.client(cloud.DataRightsService, grantee.token).correctRecord({ record: recordOf(band.AccountProfileRecordSchema, create(band.AccountProfileRecordSchema, { dateOfBirth: "2000-01-01" } as never), owner.receipt, { recordId: owner.recordIds[0] }) }))).toEqual(["NotFound", "RECORD_NOT_FOUND"]);
    expect(await codeOf((async () => {
      for await (const _ of f.client(cloud.DataRightsService, apiKey).exportData({})) void _;
    })())).toBe(Code.PermissionDenied);
    expect(await f.snapshot()).toEqual(before);

    // The party the home device is shared with deletes its own data of that product: the owner's stays.
    const granteeJob = (await f.client(cloud.DataRightsService, grantee.token).deleteData({ productId: "home" })).job!;
    await waitForJob(f, granteeJob.jobId);
    expect((await f.client(cloud.SyncService, owner.account.token).pull({ productId: "home" })).records.map((r) => r.recordId)).toEqual([owner.recordIds[0]]);
    const { rows } = await f.db.query("select 1 from devices where subject_id = $1 and device_id = $2 and unbound_at is null", [owner.account.accountId, owner.device.deviceId]);
    expect(rows.length).toBe(1);
  });
});
