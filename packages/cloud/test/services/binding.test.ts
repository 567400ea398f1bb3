// Binding (000 §3.4 (1), §3.8; M144) through the real server: a device is
// bound only with a proof made by its factory key for the calling account's
// fresh challenge; its key is stored hashed; unbinding reaches the device as
// unbind and factory-reset commands.
import { create, fromBinary } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { cloud, home } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ENGINES } from "../storage/engines.js";
import { codeOf, recordOf, useCloud } from "../server/cloud-fixture.js";
import { findInTables } from "./raw-scan.js";

function eventReport(deviceId = "") {
  return create(home.DeviceEventReportSchema, { deviceId, properties: [{ property: "power", value: "true" }] });
}

describe.each(ENGINES)("BindingService on %s", { timeout: 120_000 }, (engine) => {
  const cloudOf = useCloud(engine, "binding");

  it("binds with a valid proof, lists the device, and keeps only a hash of its key", async (ctx) => {
    const f = cloudOf(ctx);
    const owner = await f.createAccount();
    const device = await f.bindDevice(owner, "home", "grpc-h2c");
    expect(device.deviceKey).toMatch(/^dk1\.[A-Za-z0-9_-]{43}$/);
    const listed = await f.client(cloud.BindingService, owner.token).listDevices({});
    expect(listed.devices.map((d) => [d.deviceId, d.productId, d.mac, d.serialNumber])).toEqual([[device.deviceId, "home", device.mac, device.serialNumber]]);
    expect(await findInTables(f.db, [device.deviceKey, device.deviceKey.slice(4)])).toEqual([]);
  });

  it("refuses proofs that prove something else, and stores nothing", async (ctx) => {
    const f = cloudOf(ctx);
    const owner = await f.createAccount();
    const other = await f.createAccount();
    const binding = f.client(cloud.BindingService, owner.token);
    const cases: [string, Code, () => Promise<cloud.BindDeviceRequest>][] = [
      ["a proof for another account", Code.PermissionDenied, () => f.bindRequest(owner, "home", f.hardware(), "connect-h1", other.accountId)],
      ["hardware the platform never made", Code.PermissionDenied, () => f.bindRequest(owner, "home", { ...f.hardware(), factoryKey: new Uint8Array(randomBytes(32)) })],
      ["a request whose MAC differs from the proof's", Code.PermissionDenied, async () => ({ ...(await f.bindRequest(owner, "home", f.hardware())), mac: "02:00:00:FF:FF:FF" })],
      ["a request whose device key differs from the proof's", Code.PermissionDenied, async () => ({ ...(await f.bindRequest(owner, "home", f.hardware())), devicePublicKey: new Uint8Array(32).fill(9) })],
      ["no proof", Code.InvalidArgument, async () => ({ ...(await f.bindRequest(owner, "home", f.hardware())), bindingProof: new Uint8Array() })],
      ["a proof that does not decode", Code.InvalidArgument, async () => ({ ...(await f.bindRequest(owner, "home", f.hardware())), bindingProof: new Uint8Array([1, 2, 3]) })],
      ["a product the pact does not know", Code.InvalidArgument, async () => ({ ...(await f.bindRequest(owner, "home", f.hardware())), productId: "toaster" })],
    ];
    for (const [name, code, build] of cases) {
      const request = await build();
      const before = await f.snapshot();
      expect([name, Code[await codeOf(binding.bindDevice(request))]]).toEqual([name, Code[code]]);
      expect(await f.snapshot()).toEqual(before);
    }
  });

  it("spends a challenge on first use: a replayed proof is refused", async (ctx) => {
    const f = cloudOf(ctx);
    const owner = await f.createAccount();
    const hardware = f.hardware();
    const request = await f.bindRequest(owner, "home", hardware);
    const binding = f.client(cloud.BindingService, owner.token);
    await binding.bindDevice(request);
    await binding.unbindDevice({ deviceId: (await binding.listDevices({})).devices[0]!.deviceId });
    expect(await codeOf(binding.bindDevice(request))).toBe(Code.PermissionDenied);
  });

  it("keeps one owner per device: binding bound hardware again is ALREADY_EXISTS until it is unbound", async (ctx) => {
    const f = cloudOf(ctx);
    const first = await f.createAccount();
    const second = await f.createAccount();
    const hardware = f.hardware();
    const device = await f.bindDevice(first, "home", "connect-h1", hardware);
    expect(await codeOf(f.bindDevice(second, "home", "connect-h1", hardware))).toBe(Code.AlreadyExists);
    await f.client(cloud.BindingService, first.token).unbindDevice({ deviceId: device.deviceId });
    const rebound = await f.bindDevice(second, "home", "connect-h1", hardware);
    expect(rebound.deviceId).not.toBe(device.deviceId);
  });

  it("accepts a bound device's own records with its key, under its owner", async (ctx) => {
    const f = cloudOf(ctx);
    const owner = await f.createAccount();
    const receipt = await f.consentToGeneral(owner);
    const device = await f.bindDevice(owner, "home");
    const other = await f.bindDevice(owner, "home");
    const sync = f.client(cloud.SyncService, device.deviceKey, "grpc-h2c");
    const record = recordOf(home.DeviceEventReportSchema, eventReport(device.deviceId), receipt);
    await sync.ingest({ records: [record] });
    const pulled = await f.client(cloud.SyncService, owner.token).pull({ productId: "home" });
    expect(pulled.records.map((r) => [r.recordId, r.deviceId])).toEqual([[record.recordId, device.deviceId]]);
    expect(fromBinary(home.DeviceEventReportSchema, pulled.records[0]!.payload).properties[0]?.value).toBe("true");
    // A device speaks for itself only.
    expect(await codeOf(sync.ingest({ records: [recordOf(home.DeviceEventReportSchema, eventReport(), receipt, { deviceId: other.deviceId })] }))).toBe(Code.PermissionDenied);
    // Pull is the owner's, not the device's.
    expect(await codeOf(sync.pull({ productId: "home" }))).toBe(Code.PermissionDenied);
  });

  it("unbinding queues unbind and factory reset for the device, delivered once, and ends its right to send", async (ctx) => {
    const f = cloudOf(ctx);
    const owner = await f.createAccount();
    const stranger = await f.createAccount();
    const receipt = await f.consentToGeneral(owner);
    const device = await f.bindDevice(owner, "home");
    const bindingAsDevice = f.client(cloud.BindingService, device.deviceKey);
    expect((await bindingAsDevice.pollDeviceCommands({ deviceId: device.deviceId })).commands).toEqual([]);

    expect(await codeOf(f.client(cloud.BindingService, stranger.token).unbindDevice({ deviceId: device.deviceId }))).toBe(Code.NotFound);
    await f.client(cloud.BindingService, owner.token).unbindDevice({ deviceId: device.deviceId });
    expect((await f.client(cloud.BindingService, owner.token).listDevices({})).devices).toEqual([]);
    expect(await codeOf(f.client(cloud.BindingService, owner.token).unbindDevice({ deviceId: device.deviceId }))).toBe(Code.NotFound);

    const { commands } = await bindingAsDevice.pollDeviceCommands({ deviceId: "" });
    expect(commands.map((c) => c.kind)).toEqual([cloud.DeviceCommandKind.UNBIND, cloud.DeviceCommandKind.FACTORY_RESET]);
    expect((await bindingAsDevice.pollDeviceCommands({})).commands).toEqual([]);
    const record = recordOf(home.DeviceEventReportSchema, eventReport(device.deviceId), receipt);
    expect(await codeOf(f.client(cloud.SyncService, device.deviceKey).ingest({ records: [record] }))).toBe(Code.PermissionDenied);
  });

  it("lets a device whose owner's data was deleted still fetch its commands, and nothing else", async (ctx) => {
    const f = cloudOf(ctx);
    const owner = await f.createAccount();
    const device = await f.bindDevice(owner, "home");
    await f.client(cloud.BindingService, owner.token).unbindDevice({ deviceId: device.deviceId });
    // What the data-rights engine's devices step leaves: the credential, no owner.
    const { rows } = await f.db.query<{ device_key_hash: Uint8Array }>("select device_key_hash from devices where device_id = $1", [device.deviceId]);
    await f.db.query("insert into retired_devices (device_id, product_id, device_key_hash, retired_at) values ($1, 'home', $2, now())", [device.deviceId, rows[0]!.device_key_hash]);
    await f.db.query("delete from devices where device_id = $1", [device.deviceId]);
    const commands = await f.client(cloud.BindingService, device.deviceKey).pollDeviceCommands({});
    expect(commands.commands.map((c) => c.kind)).toEqual([cloud.DeviceCommandKind.UNBIND, cloud.DeviceCommandKind.FACTORY_RESET]);
    expect(await codeOf(f.client(cloud.DeviceActionService, device.deviceKey).pollDeviceActions({}))).toBe(Code.PermissionDenied);
  });

  it("lets only the device itself fetch its commands", async (ctx) => {
    const f = cloudOf(ctx);
    const owner = await f.createAccount();
    const device = await f.bindDevice(owner, "home");
    const other = await f.bindDevice(owner, "home");
    expect(await codeOf(f.client(cloud.BindingService, owner.token).pollDeviceCommands({ deviceId: device.deviceId }))).toBe(Code.PermissionDenied);
    expect(await codeOf(f.client(cloud.BindingService, other.deviceKey).pollDeviceCommands({ deviceId: device.deviceId }))).toBe(Code.NotFound);
    expect(await codeOf(f.client(cloud.BindingService, "dk1.not-a-real-key").pollDeviceCommands({}))).toBe(Code.Unauthenticated);
  });
});
