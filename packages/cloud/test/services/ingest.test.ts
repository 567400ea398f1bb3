// SyncService.Ingest through a real server and real clients, on PGlite and
// PostgreSQL: what is accepted is stored as the policy projects it, and
// every rejection carries its Connect code and leaves every table as it was.
import { create, fromBinary } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { band, cloud, home, IdentificationQualifier, Purpose } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { REASON_HEADER } from "../../src/index.js";
import { ENGINES } from "../storage/engines.js";
import { ALL_PURPOSES, codeOf, errorOf, honestStatement, PROTOCOLS, recordOf, useCloud, type CloudFixture, type Protocol, type TestAccount, type TestDevice } from "../server/cloud-fixture.js";

interface Session {
  account: TestAccount;
  receipt: string;
  device: TestDevice;
}

async function session(f: CloudFixture): Promise<Session> {
  const account = await f.createAccount();
  const receipt = await f.consentToGeneral(account);
  const device = await f.bindDevice(account, "home");
  return { account, receipt, device };
}

function eventReport(deviceId: string, value = "true") {
  return create(home.DeviceEventReportSchema, { deviceId, properties: [{ property: "power", value }], triggers: [{ event: "door_opened" }] });
}

function ingest(f: CloudFixture, credential: string | undefined, records: cloud.Record[], protocol: Protocol = "connect-h1") {
  return f.client(cloud.SyncService, credential, protocol).ingest({ records });
}

describe.each(ENGINES)("SyncService.Ingest on %s", { timeout: 120_000 }, (engine) => {
  const cloudOf = useCloud(engine, "ingest");

  it.for(PROTOCOLS)("stores a consented record over %s and Pull gives it back", async (protocol, ctx) => {
    const f = cloudOf(ctx);
    const s = await session(f);
    const message = eventReport(s.device.deviceId);
    const record = recordOf(home.DeviceEventReportSchema, message, s.receipt, { deviceId: s.device.deviceId });
    const response = await ingest(f, s.account.token, [record], protocol);
    expect(response.recordIds).toEqual([record.recordId]);
    expect(response.dropped).toEqual([]);

    const pulled = await f.client(cloud.SyncService, s.account.token, protocol).pull({ productId: "home" });
    expect(pulled.records.map((r) => r.recordId)).toEqual([record.recordId]);
    const back = fromBinary(home.DeviceEventReportSchema, pulled.records[0]!.payload);
    expect(back.deviceId).toBe(s.device.deviceId);
    expect(back.properties[0]?.value).toBe("true");
    expect(pulled.records[0]!.deviceId).toBe(s.device.deviceId);
    expect(pulled.records[0]!.statement?.consentReceiptId).toBe(s.receipt);
    // device_id is field-encrypted at the cloud (decision 0700): the row holds it sealed only.
    const { rows } = await f.db.query<{ payload_plain: Uint8Array; payload_sealed: Uint8Array | null }>(
      "select payload_plain, payload_sealed from records where subject_id = $1",
      [s.account.accountId],
    );
    expect(rows[0]!.payload_sealed).not.toBeNull();
    expect(Buffer.from(rows[0]!.payload_plain).includes(Buffer.from(s.device.deviceId))).toBe(false);
  });

  it("stores a record id once however often it is sent", async (ctx) => {
    const f = cloudOf(ctx);
    const s = await session(f);
    const record = recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { deviceId: s.device.deviceId });
    await ingest(f, s.account.token, [record, record]);
    const again = await ingest(f, s.account.token, [record]);
    expect(again.recordIds).toEqual([record.recordId]);
    const { rows } = await f.db.query<{ n: number }>("select count(*)::int as n from records where subject_id = $1", [s.account.accountId]);
    expect(rows[0]!.n).toBe(1);
  });

  it("drops display-only values and switched-off uploads, names them, and stores none of them", async (ctx) => {
    const f = cloudOf(ctx);
    const s = await session(f);
    await f.enableFunction(s.account, "band", "notification_display");
    const notification = create(band.NotificationFrameSchema, { title: "DISPLAY-title-5e1", body: "DISPLAY-body-77a", callerName: "DISPLAY-caller-9c" });
    const shown = await ingest(f, s.account.token, [recordOf(band.NotificationFrameSchema, notification, s.receipt)]);
    expect(shown.dropped[0]?.fieldPaths).toEqual(expect.arrayContaining(["title", "body", "caller_name"]));

    await f.client(cloud.ConsentService, s.account.token).setUploadSwitch({ productId: "band", uploadSwitch: "upload_workout_traces", enabled: false });
    const workout = create(band.WorkoutRecordSchema, { sportType: 1, trace: [{ latitude: 52.52, longitude: 13.405 }] } as never);
    const kept = await ingest(f, s.account.token, [recordOf(band.WorkoutRecordSchema, workout, s.receipt)]);
    expect(kept.dropped[0]?.fieldPaths.some((p) => p.startsWith("trace"))).toBe(true);
    const pulled = await f.client(cloud.SyncService, s.account.token).pull({ productId: "band", messageType: band.WorkoutRecordSchema.typeName });
    expect(fromBinary(band.WorkoutRecordSchema, pulled.records[0]!.payload).trace).toEqual([]);
    const snapshot = JSON.stringify(await f.snapshot());
    for (const marker of ["DISPLAY-title-5e1", "DISPLAY-body-77a", "DISPLAY-caller-9c"]) expect(snapshot).not.toContain(marker);
  });

  // Each case builds a batch for a fresh session and names the code it must fail with.
  const rejections: [string, Code, (f: CloudFixture, s: Session) => Promise<{ credential?: string; records: cloud.Record[] }>][] = [
    ["a record without a statement", Code.InvalidArgument, async (_f, s) => ({ records: [recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { statement: null })] })],
    ["a statement claiming a purpose the schema does not declare", Code.InvalidArgument, async (_f, s) => {
      const m = eventReport(s.device.deviceId);
      const statement = honestStatement(home.DeviceEventReportSchema, m, s.receipt);
      statement.purposes.push(Purpose.ADVERTISING);
      return { records: [recordOf(home.DeviceEventReportSchema, m, s.receipt, { statement })] };
    }],
    ["a statement understating the qualifier", Code.InvalidArgument, async (_f, s) => {
      const m = eventReport(s.device.deviceId);
      const statement = honestStatement(home.DeviceEventReportSchema, m, s.receipt);
      statement.qualifier = IdentificationQualifier.ANONYMIZED;
      return { records: [recordOf(home.DeviceEventReportSchema, m, s.receipt, { statement })] };
    }],
    ["a statement naming another product", Code.InvalidArgument, async (_f, s) => {
      const m = eventReport(s.device.deviceId);
      const statement = honestStatement(home.DeviceEventReportSchema, m, s.receipt);
      statement.productId = "band";
      return { records: [recordOf(home.DeviceEventReportSchema, m, s.receipt, { statement })] };
    }],
    ["an unknown message type", Code.InvalidArgument, async (_f, s) => {
      const m = eventReport(s.device.deviceId);
      const statement = honestStatement(home.DeviceEventReportSchema, m, s.receipt);
      statement.messageType = "datapact.devices.nowhere.v1.Nothing";
      return { records: [recordOf(home.DeviceEventReportSchema, m, s.receipt, { statement })] };
    }],
    ["a payload that does not decode", Code.InvalidArgument, async (_f, s) => ({
      records: [recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { payload: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f]) })],
    })],
    ["a value a third party collects directly", Code.InvalidArgument, async (_f, s) => {
      const card = create(band.BankCardVerificationSchema, { cvc2: "CVC-123" });
      return { records: [recordOf(band.BankCardVerificationSchema, card, s.receipt)] };
    }],
    ["a receipt that does not exist", Code.PermissionDenied, async (_f, s) => ({ records: [recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), "rcpt_nope", { deviceId: s.device.deviceId })] })],
    ["another account's receipt", Code.PermissionDenied, async (f, s) => {
      const other = await f.createAccount();
      const theirs = await f.consentToGeneral(other);
      return { records: [recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), theirs, { deviceId: s.device.deviceId })] };
    }],
    ["a purpose the receipt does not hold", Code.PermissionDenied, async (f) => {
      const account = await f.createAccount();
      const receipt = await f.consentToGeneral(account, [Purpose.FUNCTIONALITY]);
      const m = create(band.ProductInteractionRecordSchema, { sessionDurationSeconds: 30 });
      return { credential: account.token, records: [recordOf(band.ProductInteractionRecordSchema, m, receipt)] };
    }],
    ["a withdrawn receipt", Code.PermissionDenied, async (f, s) => {
      // Every purpose withdrawn withdraws the receipt; the erasure it starts finishes before the snapshot.
      await f.client(cloud.ConsentService, s.account.token).withdrawConsent({ productId: "", purposes: ALL_PURPOSES });
      await f.settleDeletions();
      return { records: [recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { deviceId: s.device.deviceId })] };
    }],
    ["a function that is off by default and was not turned on", Code.PermissionDenied, async (_f, s) => {
      const m = create(band.MenstrualCycleRecordSchema, { periodStartDate: "2026-01-02" });
      return { records: [recordOf(band.MenstrualCycleRecordSchema, m, s.receipt)] };
    }],
    ["a function on by default that the user turned off", Code.PermissionDenied, async (f, s) => {
      await f.enableFunction(s.account, "home", "device_status", false);
      return { records: [recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { deviceId: s.device.deviceId })] };
    }],
    ["a device bound to another account", Code.PermissionDenied, async (f, s) => {
      const other = await f.createAccount();
      const theirs = await f.bindDevice(other, "home");
      return { records: [recordOf(home.DeviceEventReportSchema, eventReport(theirs.deviceId), s.receipt, { deviceId: theirs.deviceId })] };
    }],
    ["one bad record among good ones", Code.InvalidArgument, async (_f, s) => ({
      records: [
        recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { deviceId: s.device.deviceId }),
        recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { statement: null }),
        recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { deviceId: s.device.deviceId }),
      ],
    })],
    // Ingest stores a batch in chunks while it checks the next: a bad record
    // after several chunks were sent must still leave nothing behind.
    ["a bad record after 250 good ones", Code.InvalidArgument, async (_f, s) => ({
      records: [
        ...Array.from({ length: 250 }, () => recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { deviceId: s.device.deviceId })),
        recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { recordId: "" }),
      ],
    })],
    ["an empty record id", Code.InvalidArgument, async (_f, s) => ({ records: [recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { recordId: "" })] })],
    ["no credentials", Code.Unauthenticated, async (_f, s) => ({ credential: "", records: [recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt)] })],
    ["a forged user token", Code.Unauthenticated, async (_f, s) => ({ credential: s.account.token.slice(0, -4) + "AAAA", records: [recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt)] })],
    ["a body over the size limit", Code.ResourceExhausted, async (_f, s) => ({
      records: [recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId, "x".repeat(5 * 1024 * 1024)), s.receipt, { deviceId: s.device.deviceId })],
    })],
  ];

  for (const protocol of PROTOCOLS) {
    it.for(rejections)(`refuses %s with %s over ${protocol}, and stores nothing`, async ([, code, build], ctx) => {
      const f = cloudOf(ctx);
      const s = await session(f);
      const { credential, records } = await build(f, s);
      const before = await f.snapshot();
      const err = await errorOf(ingest(f, credential === "" ? undefined : (credential ?? s.account.token), records, protocol));
      expect(Code[err.code]).toBe(Code[code]);
      if (code === Code.InvalidArgument || code === Code.PermissionDenied) expect(err.metadata.get(REASON_HEADER)).toMatch(/^[A-Z_]+$/);
      expect(await f.snapshot()).toEqual(before);
    });
  }

  it("refuses consent given to a policy version no longer in force, until the user consents again", async (ctx) => {
    const f = cloudOf(ctx);
    const s = await session(f);
    const general = f.server.context.policies.general()!;
    const record = () => recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), s.receipt, { deviceId: s.device.deviceId });
    f.server.publishPolicy({ ...general, version: "dev-2" });
    try {
      const before = await f.snapshot();
      expect(await codeOf(ingest(f, s.account.token, [record()]))).toBe(Code.PermissionDenied);
      expect(await f.snapshot()).toEqual(before);
      const fresh = await f.consentToGeneral(s.account);
      const ok = recordOf(home.DeviceEventReportSchema, eventReport(s.device.deviceId), fresh, { deviceId: s.device.deviceId, policyVersion: "dev-2" });
      expect((await ingest(f, s.account.token, [ok])).recordIds).toEqual([ok.recordId]);
    } finally {
      f.server.publishPolicy(general);
    }
  });

  it("accepts an off-by-default function's records once it is on, and refuses them again once it is off", async (ctx) => {
    const f = cloudOf(ctx);
    const s = await session(f);
    const cycle = () => recordOf(band.MenstrualCycleRecordSchema, create(band.MenstrualCycleRecordSchema, { periodStartDate: "2026-01-02" }), s.receipt);
    await f.enableFunction(s.account, "band", "female_health");
    expect((await ingest(f, s.account.token, [cycle()])).recordIds).toHaveLength(1);
    await f.enableFunction(s.account, "band", "female_health", false);
    expect(await codeOf(ingest(f, s.account.token, [cycle()]))).toBe(Code.PermissionDenied);
  });
});

