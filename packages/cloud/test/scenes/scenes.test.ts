// Smart-linkage scenes run by the platform (000 §3.8 (5); M019, M151): off
// until the home product's smart_scene function is on, both devices the
// user's own, and what reaches device B (or B's manufacturer) is the action
// the user configured, never anything of device A's record.
import { create, toBinary } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { cloud, home } from "@datapact/proto";
import fc from "fast-check";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ENGINES } from "../storage/engines.js";
import { codeOf, honestStatement, recordOf, useCloud, type CloudFixture, type TestAccount, type TestDevice } from "../server/cloud-fixture.js";
import { findInTables, markerForms } from "../services/raw-scan.js";

interface Linked {
  owner: TestAccount;
  receipt: string;
  sensor: TestDevice;
  light: TestDevice;
}

const lightMakers = new WeakMap<CloudFixture, Promise<string>>();

/** The light's manufacturer's API key (registered once per server). */
function lightMaker(f: CloudFixture): Promise<string> {
  let key = lightMakers.get(f);
  if (!key) {
    key = (async () => {
      await f.server.registerManufacturer({ manufacturerId: "sensor-maker", name: "Sensor Maker", productIds: ["vacuum"] });
      return f.server.registerManufacturer({ manufacturerId: "light-maker", name: "Light Maker", productIds: ["scooter"] });
    })();
    lightMakers.set(f, key);
  }
  return key;
}

async function linked(f: CloudFixture, smartScene = true): Promise<Linked> {
  await lightMaker(f);
  const owner = await f.createAccount();
  const receipt = await f.consentToGeneral(owner);
  const sensor = await f.bindDevice(owner, "vacuum");
  const light = await f.bindDevice(owner, "scooter");
  if (smartScene) await f.enableFunction(owner, "home", "smart_scene");
  return { owner, receipt, sensor, light };
}

function sceneRecord(l: Linked, options: { sceneId?: string; value?: string; comparator?: cloud.SceneComparator; actionDevice?: string } = {}): cloud.Record {
  const scene = create(cloud.SceneSchema, {
    name: "Hall light when the door opens",
    enabled: true,
    trigger: {
      deviceId: l.sensor.deviceId,
      messageType: home.DeviceEventReportSchema.typeName,
      fieldPath: "triggers.event",
      comparator: options.comparator ?? cloud.SceneComparator.EQUAL,
      value: options.value ?? "door_opened",
    },
    actions: [{ deviceId: options.actionDevice ?? l.light.deviceId, method: "set_power", params: ['"on"'] }],
  });
  return recordOf(cloud.SceneSchema, scene, l.receipt, { recordId: options.sceneId ?? `scene-${randomBytes(4).toString("hex")}` });
}

function sensorReport(l: Linked, event: string, secrets: readonly string[] = []) {
  const report = create(home.DeviceEventReportSchema, {
    deviceId: l.sensor.deviceId,
    properties: secrets.map((s, i) => ({ property: `p${i}`, value: s })),
    triggers: [{ event }],
  });
  return recordOf(home.DeviceEventReportSchema, report, l.receipt, { deviceId: l.sensor.deviceId });
}

async function lightActions(f: CloudFixture, l: Linked): Promise<cloud.PollDeviceActionsResponse> {
  return f.client(cloud.DeviceActionService, l.light.deviceKey, "grpc-h2c").pollDeviceActions({ deviceId: l.light.deviceId });
}

function holds(bytes: Uint8Array, values: readonly string[]): string[] {
  const hay = Buffer.from(bytes);
  return values.filter((v) => markerForms(v).some((form) => hay.includes(form)));
}

describe.each(ENGINES)("scenes on %s", { timeout: 180_000 }, (engine) => {
  const cloudOf = useCloud(engine, "scenes");

  it("refuses a scene while the home product's smart_scene function is off, and stores nothing", async (ctx) => {
    const f = cloudOf(ctx);
    const l = await linked(f, false);
    const scenes = f.client(cloud.SceneService, l.owner.token);
    const before = await f.snapshot();
    expect(await codeOf(scenes.saveScene({ record: sceneRecord(l) }))).toBe(Code.PermissionDenied);
    expect(await f.snapshot()).toEqual(before);
    await f.enableFunction(l.owner, "home", "smart_scene");
    const { sceneId } = await scenes.saveScene({ record: sceneRecord(l, { sceneId: "hall" }) });
    expect(sceneId).toBe("hall");
    expect((await scenes.listScenes({})).scenes.map((s) => s.recordId)).toEqual(["hall"]);
  });

  it("runs inside the platform: device B receives the configured action and nothing of device A's record", async (ctx) => {
    const f = cloudOf(ctx);
    const l = await linked(f);
    await f.client(cloud.SceneService, l.owner.token).saveScene({ record: sceneRecord(l) });
    const secrets = [`TEMP-${randomBytes(6).toString("hex")}`, `MOTION-${randomBytes(6).toString("hex")}`];
    await f.client(cloud.SyncService, l.sensor.deviceKey).ingest({ records: [sensorReport(l, "door_opened", secrets)] });

    const response = await lightActions(f, l);
    expect(response.actions.map((a) => [a.action?.method, a.action?.params])).toEqual([["set_power", ['"on"']]]);
    const bytes = toBinary(cloud.PollDeviceActionsResponseSchema, response);
    expect(holds(bytes, [...secrets, l.sensor.deviceId, "door_opened", l.owner.accountId])).toEqual([]);

    // Neither does the queue hold A's data, nor does B's manufacturer see any of it.
    const rows = await f.db.query<Record<string, unknown>>("select * from device_actions where subject_id = $1", [l.owner.accountId]);
    expect(holds(Buffer.from(JSON.stringify(rows.rows)), [...secrets, l.sensor.deviceId])).toEqual([]);
    const light = f.client(cloud.ManufacturerService, await lightMaker(f));
    const users = (await light.listUsers({ pageSize: 1000 })).users;
    const seen = [Buffer.from(toBinary(cloud.ListUsersResponseSchema, create(cloud.ListUsersResponseSchema, { users })))];
    for (const u of users) seen.push(Buffer.from(toBinary(cloud.ListUserRecordsResponseSchema, await light.listUserRecords({ userId: u.userId, productId: "scooter" }))));
    expect(holds(Buffer.concat(seen), [...secrets, l.sensor.deviceId, "door_opened"])).toEqual([]);
    expect(await findInTables(f.db, secrets)).not.toEqual([]); // the record itself is stored, as the pact allows
  });

  it("does not fire on a record that does not match, nor once the function is off, nor after the scene is deleted", async (ctx) => {
    const f = cloudOf(ctx);
    const l = await linked(f);
    const scenes = f.client(cloud.SceneService, l.owner.token);
    const sync = f.client(cloud.SyncService, l.sensor.deviceKey);
    await scenes.saveScene({ record: sceneRecord(l, { sceneId: "door" }) });
    await sync.ingest({ records: [sensorReport(l, "door_closed")] });
    expect((await lightActions(f, l)).actions).toEqual([]);

    await f.enableFunction(l.owner, "home", "smart_scene", false);
    await sync.ingest({ records: [sensorReport(l, "door_opened")] });
    expect((await lightActions(f, l)).actions).toEqual([]);

    await f.enableFunction(l.owner, "home", "smart_scene", true);
    await scenes.deleteScene({ sceneId: "door" });
    expect((await scenes.listScenes({})).scenes).toEqual([]);
    await sync.ingest({ records: [sensorReport(l, "door_opened")] });
    expect((await lightActions(f, l)).actions).toEqual([]);
    expect(await codeOf(scenes.deleteScene({ sceneId: "door" }))).toBe(Code.NotFound);
  });

  it("links only the owner's own devices, and takes scenes only through SaveScene", async (ctx) => {
    const f = cloudOf(ctx);
    const l = await linked(f);
    const neighbour = await linked(f);
    const scenes = f.client(cloud.SceneService, l.owner.token);
    expect(await codeOf(scenes.saveScene({ record: sceneRecord(l, { actionDevice: neighbour.light.deviceId }) }))).toBe(Code.PermissionDenied);
    expect(await codeOf(f.client(cloud.SyncService, l.owner.token).ingest({ records: [sceneRecord(l)] }))).toBe(Code.InvalidArgument);
    const report = sensorReport(l, "door_opened");
    const statement = honestStatement(home.DeviceEventReportSchema, create(home.DeviceEventReportSchema, { triggers: [{ event: "x" }] }), l.receipt);
    expect(await codeOf(scenes.saveScene({ record: { ...report, statement } }))).toBe(Code.InvalidArgument);
    // A scene id may not take over another record's id.
    await f.client(cloud.SyncService, l.owner.token).ingest({ records: [{ ...report, recordId: "taken" }] });
    expect(await codeOf(scenes.saveScene({ record: sceneRecord(l, { sceneId: "taken" }) }))).toBe(Code.AlreadyExists);
  });

  it("property: whatever device A reports, device B's actions carry only what the scene configured", async (ctx) => {
    const f = cloudOf(ctx);
    const l = await linked(f);
    await f.client(cloud.SceneService, l.owner.token).saveScene({ record: sceneRecord(l, { comparator: cloud.SceneComparator.NOT_EQUAL, value: "never" }) });
    const sync = f.client(cloud.SyncService, l.sensor.deviceKey);
    let fired = 0;
    const canary = fc.string({ minLength: 1, maxLength: 6 }).map((s) => `A-SECRET-${Buffer.from(s).toString("hex")}-${randomBytes(3).toString("hex")}`);
    await fc.assert(
      fc.asyncProperty(
        messageArbitrary(home.DeviceEventReportSchema, { maxLength: 3, valueFor: (field) => (field.scalar === 9 ? canary : undefined) }),
        async (report) => {
          report.deviceId = l.sensor.deviceId;
          const secrets: string[] = [];
          for (const p of report.properties) secrets.push(p.property, p.value);
          for (const t of report.triggers) secrets.push(t.event);
          await sync.ingest({ records: [recordOf(home.DeviceEventReportSchema, report, l.receipt, { deviceId: l.sensor.deviceId })] });
          const response = await lightActions(f, l);
          fired += response.actions.length;
          for (const a of response.actions) expect([a.action?.method, a.action?.params]).toEqual(["set_power", ['"on"']]);
          expect(holds(toBinary(cloud.PollDeviceActionsResponseSchema, response), secrets.filter((s) => s.length > 0))).toEqual([]);
        },
      ),
      replayable("scenes disclose nothing of A to B", 25),
    );
    expect(fired).toBeGreaterThan(0);
  });
});
