// Sharing (000 §3.8 (3); M145-M148): the owner names the account, grants
// view and basic control only, and revokes at once; a shared party sees the
// device's state and never the owner's personal data.
import { create, fromBinary } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { band, cloud, home } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ENGINES } from "../storage/engines.js";
import { codeOf, errorOf, recordOf, useCloud, type CloudFixture, type TestAccount, type TestDevice } from "../server/cloud-fixture.js";
import { markerForms } from "./raw-scan.js";

const canary = (label: string) => `${label}-${randomBytes(8).toString("hex")}`;

interface Home {
  owner: TestAccount;
  device: TestDevice;
  state: string;
  personal: string[];
}

/** An owner with a bound device that has sent its state and, tied to it, the owner's feedback. */
async function homeWithData(f: CloudFixture): Promise<Home> {
  const owner = await f.createAccount();
  const receipt = await f.consentToGeneral(owner);
  const device = await f.bindDevice(owner, "band");
  const state = canary("STATE");
  const personal = [canary("ACCOUNT"), canary("FEEDBACK"), canary("EMAIL")];
  const report = create(home.DeviceEventReportSchema, { deviceId: device.deviceId, properties: [{ property: "power", value: state }] });
  const feedback = create(band.FeedbackRecordSchema, { miAccountId: personal[0], feedbackText: personal[1], contactEmail: personal[2], deviceType: "band 8" });
  await f.client(cloud.SyncService, owner.token).ingest({
    records: [
      recordOf(home.DeviceEventReportSchema, report, receipt, { deviceId: device.deviceId }),
      recordOf(band.FeedbackRecordSchema, feedback, receipt, { deviceId: device.deviceId, collectedAt: new Date(Date.UTC(2026, 0, 16)) }),
    ],
  });
  return { owner, device, state, personal };
}

function containsAny(bytes: Uint8Array, markers: readonly string[]): boolean {
  const hay = Buffer.from(bytes);
  return markers.some((m) => markerForms(m).some((f) => hay.includes(f)));
}

describe.each(ENGINES)("SharingService and SharedDeviceService on %s", { timeout: 120_000 }, (engine) => {
  const cloudOf = useCloud(engine, "sharing");

  it("shows a view-only grantee the device's state and nothing personal of the owner", async (ctx) => {
    const f = cloudOf(ctx);
    const h = await homeWithData(f);
    const grantee = await f.createAccount();
    const { share } = await f.client(cloud.SharingService, h.owner.token).shareDevice({
      deviceId: h.device.deviceId,
      granteeAccountId: grantee.accountId,
      permissions: [cloud.SharePermission.VIEW],
    });
    expect(share?.permissions).toEqual([cloud.SharePermission.VIEW]);

    const seen = await f.client(cloud.SharedDeviceService, grantee.token, "grpc-h2c").readSharedDevice({ deviceId: h.device.deviceId });
    expect(seen.records.map((r) => r.messageType)).toEqual([home.DeviceEventReportSchema.typeName]);
    const report = fromBinary(home.DeviceEventReportSchema, seen.records[0]!.payload);
    expect(report.properties[0]?.value).toBe(h.state);
    expect(report.deviceId).toBe("");
    for (const r of seen.records) expect(containsAny(r.payload, h.personal)).toBe(false);

    // The owner reads the same device in full.
    const own = await f.client(cloud.SharedDeviceService, h.owner.token).readSharedDevice({ deviceId: h.device.deviceId });
    expect(own.records.some((r) => containsAny(r.payload, h.personal))).toBe(true);

    const received = await f.client(cloud.SharingService, grantee.token).listShares({});
    expect(received.received.map((s) => s.shareId)).toEqual([share!.shareId]);
    expect(received.granted).toEqual([]);
  });

  it("answers a stranger exactly as for a device that does not exist", async (ctx) => {
    const f = cloudOf(ctx);
    const h = await homeWithData(f);
    const stranger = await f.createAccount();
    const shared = f.client(cloud.SharedDeviceService, stranger.token);
    const existing = await errorOf(shared.readSharedDevice({ deviceId: h.device.deviceId }));
    const missing = await errorOf(shared.readSharedDevice({ deviceId: "dev_00000000-0000-0000-0000-000000000000" }));
    expect([existing.code, existing.rawMessage]).toEqual([Code.NotFound, missing.rawMessage]);
    expect(missing.code).toBe(Code.NotFound);
  });

  it("lets basic control through only when granted, and only as an action for the device", async (ctx) => {
    const f = cloudOf(ctx);
    const h = await homeWithData(f);
    const viewer = await f.createAccount();
    const controller = await f.createAccount();
    const sharing = f.client(cloud.SharingService, h.owner.token);
    await sharing.shareDevice({ deviceId: h.device.deviceId, granteeAccountId: viewer.accountId, permissions: [cloud.SharePermission.VIEW] });
    await sharing.shareDevice({
      deviceId: h.device.deviceId,
      granteeAccountId: controller.accountId,
      permissions: [cloud.SharePermission.VIEW, cloud.SharePermission.BASIC_CONTROL],
    });
    const action = { method: "set_power", params: ['"off"'] };
    expect(await codeOf(f.client(cloud.SharedDeviceService, viewer.token).controlDevice({ deviceId: h.device.deviceId, action }))).toBe(Code.PermissionDenied);
    const { actionId } = await f.client(cloud.SharedDeviceService, controller.token).controlDevice({ deviceId: h.device.deviceId, action });
    const { actions } = await f.client(cloud.DeviceActionService, h.device.deviceKey).pollDeviceActions({ deviceId: h.device.deviceId });
    expect(actions.map((a) => [a.actionId, a.action?.method, a.action?.params])).toEqual([[actionId, "set_power", ['"off"']]]);
    expect((await f.client(cloud.DeviceActionService, h.device.deviceKey).pollDeviceActions({})).actions).toEqual([]);
  });

  it("revokes at once: the grantee loses the view and the control on the next call", async (ctx) => {
    const f = cloudOf(ctx);
    const h = await homeWithData(f);
    const grantee = await f.createAccount();
    const sharing = f.client(cloud.SharingService, h.owner.token);
    const { share } = await sharing.shareDevice({
      deviceId: h.device.deviceId,
      granteeAccountId: grantee.accountId,
      permissions: [cloud.SharePermission.VIEW, cloud.SharePermission.BASIC_CONTROL],
    });
    const shared = f.client(cloud.SharedDeviceService, grantee.token);
    expect((await shared.readSharedDevice({ deviceId: h.device.deviceId })).records.length).toBeGreaterThan(0);
    // Only the owner can revoke.
    expect(await codeOf(f.client(cloud.SharingService, grantee.token).revokeShare({ shareId: share!.shareId }))).toBe(Code.NotFound);
    await sharing.revokeShare({ shareId: share!.shareId });
    expect(await codeOf(shared.readSharedDevice({ deviceId: h.device.deviceId }))).toBe(Code.NotFound);
    expect(await codeOf(shared.controlDevice({ deviceId: h.device.deviceId, action: { method: "set_power" } }))).toBe(Code.NotFound);
    const listed = await sharing.listShares({});
    expect(listed.granted.map((s) => [s.shareId, s.revokedAt !== undefined])).toEqual([[share!.shareId, true]]);
    expect((await f.client(cloud.SharingService, grantee.token).listShares({})).received).toEqual([]);
    expect(await codeOf(sharing.revokeShare({ shareId: share!.shareId }))).toBe(Code.NotFound);
  });

  it("refuses shares that are not the owner's to make, or not view and basic control", async (ctx) => {
    const f = cloudOf(ctx);
    const h = await homeWithData(f);
    const grantee = await f.createAccount();
    const other = await f.createAccount();
    const sharing = f.client(cloud.SharingService, h.owner.token);
    const view = [cloud.SharePermission.VIEW];
    const before = await f.snapshot();
    expect(await codeOf(sharing.shareDevice({ deviceId: h.device.deviceId, granteeAccountId: "no-such-account", permissions: view }))).toBe(Code.NotFound);
    expect(await codeOf(sharing.shareDevice({ deviceId: h.device.deviceId, granteeAccountId: h.owner.accountId, permissions: view }))).toBe(Code.InvalidArgument);
    expect(await codeOf(sharing.shareDevice({ deviceId: h.device.deviceId, granteeAccountId: grantee.accountId, permissions: [] }))).toBe(Code.InvalidArgument);
    expect(await codeOf(sharing.shareDevice({ deviceId: h.device.deviceId, granteeAccountId: grantee.accountId, permissions: [cloud.SharePermission.UNSPECIFIED] }))).toBe(
      Code.InvalidArgument,
    );
    expect(await codeOf(f.client(cloud.SharingService, other.token).shareDevice({ deviceId: h.device.deviceId, granteeAccountId: grantee.accountId, permissions: view }))).toBe(
      Code.NotFound,
    );
    expect(await f.snapshot()).toEqual(before);
    await sharing.shareDevice({ deviceId: h.device.deviceId, granteeAccountId: grantee.accountId, permissions: view });
    expect(await codeOf(sharing.shareDevice({ deviceId: h.device.deviceId, granteeAccountId: grantee.accountId, permissions: view }))).toBe(Code.AlreadyExists);
  });

  it("ends every share of a device when it is unbound", async (ctx) => {
    const f = cloudOf(ctx);
    const h = await homeWithData(f);
    const grantee = await f.createAccount();
    await f.client(cloud.SharingService, h.owner.token).shareDevice({ deviceId: h.device.deviceId, granteeAccountId: grantee.accountId, permissions: [cloud.SharePermission.VIEW] });
    await f.client(cloud.BindingService, h.owner.token).unbindDevice({ deviceId: h.device.deviceId });
    expect((await f.client(cloud.SharingService, grantee.token).listShares({})).received).toEqual([]);
    expect(await codeOf(f.client(cloud.SharedDeviceService, grantee.token).readSharedDevice({ deviceId: h.device.deviceId }))).toBe(Code.NotFound);
  });
});
