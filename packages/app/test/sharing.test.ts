import { planFor } from "@datapact/policy";
import { cloud, Purpose } from "@datapact/proto";
import { afterEach, describe, expect, it } from "vitest";
import { ConsentRequiredError, InvalidSharePermissionError } from "../src/index.js";
import { openTestApp, USER_TOKEN, type TestApp } from "./support/test-app.js";

const GENERAL = cloud.PolicyKind.GENERAL;
const { VIEW, BASIC_CONTROL } = cloud.SharePermission;

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

describe("device sharing", () => {
  it("shares with a named account for viewing and basic control only, then revokes at once", async () => {
    app = await openTestApp();
    await app.sdk.consentCloud.giveConsent(GENERAL, "", [Purpose.FUNCTIONALITY]);
    const share = await app.sdk.sharing.shareDevice("device-9", "account-friend");
    const call = app.cloud.calls.find((c) => c.method === "ShareDevice")!;
    expect(call.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect(call.request).toMatchObject({ deviceId: "device-9", granteeAccountId: "account-friend", permissions: [VIEW, BASIC_CONTROL] });
    expect((await app.sdk.sharing.listShares()).granted.map((s) => s.shareId)).toEqual([share.shareId]);
    await app.sdk.sharing.revokeShare(share.shareId);
    expect(app.cloud.calls.find((c) => c.method === "RevokeShare")?.request).toMatchObject({ shareId: share.shareId });
    expect((await app.sdk.sharing.listShares()).granted).toEqual([]);
  });

  it("refuses any permission beyond view and basic control, before calling the cloud", async () => {
    app = await openTestApp();
    await app.sdk.consentCloud.giveConsent(GENERAL, "", [Purpose.FUNCTIONALITY]);
    await expect(app.sdk.sharing.shareDevice("device-9", "account-friend", [VIEW, 7 as cloud.SharePermission])).rejects.toBeInstanceOf(InvalidSharePermissionError);
    await expect(app.sdk.sharing.shareDevice("device-9", "account-friend", [cloud.SharePermission.UNSPECIFIED])).rejects.toMatchObject({ code: "INVALID_SHARE_PERMISSION" });
    expect(app.cloud.calls.filter((c) => c.method === "ShareDevice")).toHaveLength(0);
  });

  it("sends nothing without consent to the sharing function's purposes", async () => {
    app = await openTestApp();
    const err = await app.sdk.sharing.shareDevice("device-9", "account-friend").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsentRequiredError);
    expect((err as ConsentRequiredError).productId).toBe(planFor(cloud.ShareDeviceRequestSchema).productId);
    expect((err as Error).message).not.toContain("account-friend");
    expect(app.cloud.calls.filter((c) => c.method === "ShareDevice")).toHaveLength(0);
  });

  it("reports a revocation the cloud refuses as a typed, permanent error", async () => {
    app = await openTestApp();
    await expect(app.sdk.sharing.revokeShare("share-unknown")).rejects.toMatchObject({ name: "CloudCallError", transient: false });
  });
});
