// A whole session through every service, with canary values in everything a
// person could have typed or a device measured, accepted and refused: the
// server's log says what happened by ids, and holds none of the values.
import { create } from "@bufbuild/protobuf";
import { band, cloud, home, Purpose } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ENGINES } from "../storage/engines.js";
import { honestStatement, recordOf, useCloud } from "../server/cloud-fixture.js";
import { findInText } from "../services/raw-scan.js";

const canary = (label: string) => `${label}-${randomBytes(8).toString("hex")}`;

describe.each(ENGINES)("logs of a session on %s", { timeout: 120_000 }, (engine) => {
  const cloudOf = useCloud(engine, "logs");

  it("name what happened by ids and hold no value", async (ctx) => {
    const f = cloudOf(ctx);
    const maker = await f.server.registerManufacturer({ manufacturerId: "log-maker", name: "Log Maker", productIds: ["band"] });
    const owner = await f.createAccount();
    const friend = await f.createAccount();
    const receipt = await f.consentToGeneral(owner);
    const band1 = await f.bindDevice(owner, "band");
    const lamp = await f.bindDevice(owner, "home");
    await f.enableFunction(owner, "home", "smart_scene");
    await f.enableFunction(owner, "band", "notification_display");
    const secrets = [canary("FEEDBACK"), canary("EMAIL"), canary("ACCOUNT"), canary("STATE"), canary("TITLE"), canary("CVC"), canary("PARAM"), canary("SCENE")];
    const [feedbackText, email, accountField, state, title, cvc, param, sceneName] = secrets as [string, string, string, string, string, string, string, string];
    const sync = f.client(cloud.SyncService, owner.token);

    const accepted = [
      recordOf(band.FeedbackRecordSchema, create(band.FeedbackRecordSchema, { feedbackText, contactEmail: email, miAccountId: accountField }), receipt, { deviceId: band1.deviceId }),
      recordOf(home.DeviceEventReportSchema, create(home.DeviceEventReportSchema, { deviceId: band1.deviceId, properties: [{ property: "p", value: state }], triggers: [{ event: "tap" }] }), receipt, {
        deviceId: band1.deviceId,
      }),
      recordOf(band.NotificationFrameSchema, create(band.NotificationFrameSchema, { title }), receipt),
    ];
    await sync.ingest({ records: accepted });
    // Refused: a third-party-direct value, an understated statement, a consent the account never gave.
    await sync.ingest({ records: [recordOf(band.BankCardVerificationSchema, create(band.BankCardVerificationSchema, { cvc2: cvc }), receipt)] }).catch(() => {});
    const understated = honestStatement(band.FeedbackRecordSchema, create(band.FeedbackRecordSchema, { feedbackText }), receipt);
    understated.purposes = [Purpose.ADVERTISING];
    await sync.ingest({ records: [recordOf(band.FeedbackRecordSchema, create(band.FeedbackRecordSchema, { feedbackText }), receipt, { statement: understated })] }).catch(() => {});
    await sync.ingest({ records: [recordOf(band.FeedbackRecordSchema, create(band.FeedbackRecordSchema, { feedbackText }), "rcpt_missing")] }).catch(() => {});
    await sync.pull({ productId: "band" });

    const scene = create(cloud.SceneSchema, {
      name: sceneName,
      enabled: true,
      trigger: { deviceId: band1.deviceId, messageType: home.DeviceEventReportSchema.typeName, fieldPath: "triggers.event", comparator: cloud.SceneComparator.EQUAL, value: "tap" },
      actions: [{ deviceId: lamp.deviceId, method: "set_power", params: [param] }],
    });
    await f.client(cloud.SceneService, owner.token).saveScene({ record: recordOf(cloud.SceneSchema, scene, receipt, { recordId: "scene-1" }) });
    await sync.ingest({ records: [recordOf(home.DeviceEventReportSchema, create(home.DeviceEventReportSchema, { triggers: [{ event: "tap" }] }), receipt, { deviceId: band1.deviceId })] });
    await f.client(cloud.DeviceActionService, lamp.deviceKey).pollDeviceActions({});

    const { share } = await f.client(cloud.SharingService, owner.token).shareDevice({
      deviceId: band1.deviceId,
      granteeAccountId: friend.accountId,
      permissions: [cloud.SharePermission.VIEW, cloud.SharePermission.BASIC_CONTROL],
    });
    await f.client(cloud.SharedDeviceService, friend.token).readSharedDevice({ deviceId: band1.deviceId });
    await f.client(cloud.SharedDeviceService, friend.token).controlDevice({ deviceId: band1.deviceId, action: { method: "set_power", params: [param] } });
    await f.client(cloud.SharingService, owner.token).revokeShare({ shareId: share!.shareId });
    const makerClient = f.client(cloud.ManufacturerService, maker);
    for (const u of (await makerClient.listUsers({})).users) await makerClient.listUserRecords({ userId: u.userId, productId: "band" });
    await f.client(cloud.BindingService, owner.token).unbindDevice({ deviceId: lamp.deviceId });
    // Withdrawing the whole app erases the account; the erasure's log lines are checked too.
    await f.client(cloud.ConsentService, owner.token).withdrawConsent({ productId: "" });
    await f.settleDeletions();

    const text = f.logger.text();
    expect(findInText(text, [...secrets, lamp.deviceKey, band1.deviceKey, maker, owner.token])).toEqual([]);
    // What the log does say, by ids.
    const stored = f.logger.events("ingest.stored").find((e) => (e.fields.insertedIds as string[] | undefined)?.includes(accepted[0]!.recordId));
    expect(stored?.fields.subjectId).toBe(owner.accountId);
    expect(stored?.fields.droppedPaths).toEqual(expect.arrayContaining(["title"]));
    const refusals = f.logger.events("rpc.failed").map((e) => [e.fields.procedure, e.fields.code, e.fields.errorCode]);
    expect(refusals).toEqual(
      expect.arrayContaining([
        ["datapact.cloud.v1.SyncService/Ingest", "InvalidArgument", "THIRD_PARTY_DIRECT_VALUE"],
        ["datapact.cloud.v1.SyncService/Ingest", "InvalidArgument", "INVALID_STATEMENT"],
        ["datapact.cloud.v1.SyncService/Ingest", "PermissionDenied", "CONSENT_RECEIPT_UNKNOWN"],
      ]),
    );
    expect(f.logger.events("scene.fired").map((e) => e.fields.sceneId)).toContain("scene-1");
    for (const line of text.split("\n")) expect(() => JSON.parse(line)).not.toThrow();
  });
});
