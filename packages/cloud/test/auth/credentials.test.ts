// The auth interceptor through the real server: each kind of credential
// opens what it is for, expires, and never mixes with another.
import { Code } from "@connectrpc/connect";
import { cloud } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { INSTALL_TOKEN_HEADER, REASON_HEADER } from "../../src/index.js";
import { codeOf, errorOf, useCloud } from "../server/cloud-fixture.js";

describe("credentials", { timeout: 120_000 }, () => {
  const cloudOf = useCloud("pglite", "auth", { userTokenTtlMs: 3600_000 });

  it("a user token expires with the clock, and a refreshed one carries on", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const consent = f.client(cloud.ConsentService, account.token);
    expect((await consent.listConsents({})).receipts).toEqual([]);
    f.clock.advance(1800_000);
    const { session } = await f.client(cloud.AccountService, account.token).refreshUserToken({});
    expect(session?.accountId).toBe(account.accountId);
    f.clock.advance(1800_000);
    expect(await codeOf(consent.listConsents({}))).toBe(Code.Unauthenticated);
    expect((await f.client(cloud.ConsentService, session!.userToken).listConsents({})).receipts).toEqual([]);
  });

  it("refuses a token of an account that no longer exists", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    await f.db.query("delete from subjects where subject_id = $1", [account.accountId]);
    expect(await codeOf(f.client(cloud.ConsentService, account.token).listConsents({}))).toBe(Code.Unauthenticated);
  });

  it("never accepts an install token together with account credentials", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const err = await errorOf(f.client(cloud.SyncService, account.token, "connect-h1", { [INSTALL_TOKEN_HEADER]: "0d6a2c8e-5b3f-4c1e-9a7d-2f4b6e8c0a1d" }).ingest({}));
    expect([err.code, err.metadata.get(REASON_HEADER)]).toEqual([Code.Unauthenticated, "MIXED_CREDENTIALS"]);
    expect(await codeOf(f.client(cloud.SyncService, undefined, "connect-h1", { [INSTALL_TOKEN_HEADER]: "short" }).ingest({}))).toBe(Code.Unauthenticated);
  });

  it("refuses malformed and unknown credentials before any handler runs", async (ctx) => {
    const f = cloudOf(ctx);
    const calls = f.logger.events("rpc.finished").length;
    for (const header of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer zz1.abc", "Bearer mk1.unknown", "Bearer ut1.e30.AAAA"]) {
      const client = f.client(cloud.ConsentService, undefined, "connect-h1", { authorization: header });
      expect([header, await codeOf(client.listConsents({}))]).toEqual([header, Code.Unauthenticated]);
    }
    expect(f.logger.events("rpc.finished").length).toBe(calls);
  });

  it("keeps each kind of caller to its own calls", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const device = await f.bindDevice(account, "home");
    expect(await codeOf(f.client(cloud.ConsentService, device.deviceKey).listConsents({}))).toBe(Code.PermissionDenied);
    expect(await codeOf(f.client(cloud.AccountService, device.deviceKey).createAccount({ region: "eu" }))).toBe(Code.PermissionDenied);
    expect(await codeOf(f.client(cloud.DeviceActionService, account.token).pollDeviceActions({}))).toBe(Code.PermissionDenied);
    expect(await codeOf(f.client(cloud.ConsentService).listConsents({}))).toBe(Code.Unauthenticated);
    expect(await codeOf(f.client(cloud.AccountService).createAccount({ region: "Not A Region" }))).toBe(Code.InvalidArgument);
  });
});
