// Third-party manufacturers (001 §4.3 (4); M077, M151): each sees the users
// of its own products under an identifier of its own, and their records of
// its products with every identifier removed. Two manufacturers cannot link
// a person; one manufacturer cannot read another's users or products.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { replayable } from "@datapact/arbitrary";
import { band, cloud, scale } from "@datapact/proto";
import fc from "fast-check";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ENGINES } from "../storage/engines.js";
import { codeOf, errorOf, recordOf, useCloud, type CloudFixture, type TestAccount, type TestDevice } from "../server/cloud-fixture.js";
import { markerForms } from "./raw-scan.js";

interface Makers {
  bandMaker: string;
  scaleMaker: string;
}

const registered = new WeakMap<CloudFixture, Promise<Makers>>();

/** The band's and the scale's manufacturers, registered once per server. */
function makers(f: CloudFixture): Promise<Makers> {
  let m = registered.get(f);
  if (!m) {
    m = (async () => ({
      bandMaker: await f.server.registerManufacturer({ manufacturerId: "maker-band", name: "Band Maker", productIds: ["band"] }),
      scaleMaker: await f.server.registerManufacturer({ manufacturerId: "maker-scale", name: "Scale Maker", productIds: ["scale"] }),
    }))();
    registered.set(f, m);
  }
  return m;
}

interface User {
  account: TestAccount;
  receipt: string;
  devices: TestDevice[];
  recordIds: string[];
  canaries: string[];
}

/** A user with devices of the given products, each having sent records (feedback with canaries from the band). */
async function user(f: CloudFixture, products: readonly ("band" | "scale")[]): Promise<User> {
  const account = await f.createAccount();
  const receipt = await f.consentToGeneral(account);
  const devices: TestDevice[] = [];
  const recordIds: string[] = [];
  const canaries: string[] = [];
  for (const product of products) {
    const device = await f.bindDevice(account, product);
    devices.push(device);
    const records: cloud.Record[] = [];
    if (product === "band") {
      const secret = [`ACCT-${randomBytes(6).toString("hex")}`, `MAIL-${randomBytes(6).toString("hex")}@example.org`];
      canaries.push(...secret);
      records.push(recordOf(band.FeedbackRecordSchema, create(band.FeedbackRecordSchema, { miAccountId: secret[0], contactEmail: secret[1], deviceType: "band" }), receipt, { deviceId: device.deviceId }));
      records.push(recordOf(band.HeartRateSampleSchema, create(band.HeartRateSampleSchema, { beatsPerMinute: 64 }), receipt, { deviceId: device.deviceId }));
    } else {
      records.push(recordOf(scale.WeighingMeasurementSchema, create(scale.WeighingMeasurementSchema, { weightKg: 70.5 }), receipt, { deviceId: device.deviceId }));
    }
    await f.client(cloud.SyncService, account.token).ingest({ records });
    recordIds.push(...records.map((r) => r.recordId));
  }
  return { account, receipt, devices, recordIds, canaries };
}

/** Everything a manufacturer can learn: its users, their devices, all their records of its products. */
async function viewOf(f: CloudFixture, apiKey: string, product: string) {
  const client = f.client(cloud.ManufacturerService, apiKey, "grpc-h2c");
  const users = (await client.listUsers({ pageSize: 1000 })).users;
  const records: cloud.ManufacturerRecord[] = [];
  for (const u of users) records.push(...(await client.listUserRecords({ userId: u.userId, productId: product })).records);
  const identifiers = new Set([...users.map((u) => u.userId), ...users.flatMap((u) => u.devices.map((d) => d.deviceHandle)), ...records.map((r) => r.recordHandle), ...records.map((r) => r.deviceHandle)]);
  identifiers.delete("");
  const bytes = Buffer.concat([
    ...users.map((u) => Buffer.from(toBinary(cloud.ManufacturerUserSchema, u))),
    ...records.map((r) => Buffer.from(toBinary(cloud.ManufacturerRecordSchema, r))),
  ]);
  return { users, records, identifiers, bytes };
}

/** The user's pairwise id at a manufacturer, read from the database (the test's own knowledge, not the manufacturer's). */
async function pairwiseIdOf(f: CloudFixture, u: User, manufacturerId: string): Promise<string> {
  const { rows } = await f.db.query<{ pairwise_id: string }>("select pairwise_id from pairwise_ids where subject_id = $1 and manufacturer_id = $2 and revoked_at is null", [
    u.account.accountId,
    manufacturerId,
  ]);
  return rows[0]!.pairwise_id;
}

function holds(bytes: Buffer, values: readonly string[]): string[] {
  return values.filter((v) => markerForms(v).some((f) => bytes.includes(f)));
}

describe.each(ENGINES)("ManufacturerService on %s", { timeout: 180_000 }, (engine) => {
  const cloudOf = useCloud(engine, "makers");

  it("shows a manufacturer its own users under its own ids, and their records without identifiers", async (ctx) => {
    const f = cloudOf(ctx);
    const { bandMaker } = await makers(f);
    const u = await user(f, ["band"]);
    const view = await viewOf(f, bandMaker, "band");
    const userId = await pairwiseIdOf(f, u, "maker-band");
    const mine = view.users.find((x) => x.userId === userId)!;
    expect(mine.devices.map((d) => d.productId)).toEqual(["band"]);
    expect(mine.devices[0]!.deviceHandle).not.toBe(u.devices[0]!.deviceId);
    const records = (await f.client(cloud.ManufacturerService, bandMaker).listUserRecords({ userId, productId: "band" })).records;
    const types = records.map((r) => r.messageType).sort();
    expect(types).toContain(band.HeartRateSampleSchema.typeName);
    const heart = records.find((r) => r.messageType === band.HeartRateSampleSchema.typeName)!;
    expect(fromBinary(band.HeartRateSampleSchema, heart.payload).beatsPerMinute).toBe(64);
    const secrets = [u.account.accountId, ...u.devices.map((d) => d.deviceId), ...u.recordIds, ...u.canaries, u.receipt];
    expect(holds(view.bytes, secrets)).toEqual([]);
  });

  it("keeps users, products and pages of one manufacturer from another, without saying whether they exist", async (ctx) => {
    const f = cloudOf(ctx);
    const { bandMaker, scaleMaker } = await makers(f);
    await user(f, ["band", "scale"]);
    const bandView = await viewOf(f, bandMaker, "band");
    const scaleUserId = (await viewOf(f, scaleMaker, "scale")).users[0]!.userId;
    const asBand = f.client(cloud.ManufacturerService, bandMaker);
    const theirs = await errorOf(asBand.listUserRecords({ userId: scaleUserId, productId: "band" }));
    const nobody = await errorOf(asBand.listUserRecords({ userId: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", productId: "band" }));
    expect([theirs.code, theirs.rawMessage]).toEqual([Code.NotFound, nobody.rawMessage]);
    expect(await codeOf(asBand.listUserRecords({ userId: bandView.users[0]!.userId, productId: "scale" }))).toBe(Code.NotFound);
    // Credentials of one kind open nothing of another.
    expect(await codeOf(f.client(cloud.SyncService, bandMaker).pull({ productId: "band" }))).toBe(Code.PermissionDenied);
    const account = await f.createAccount();
    expect(await codeOf(f.client(cloud.ManufacturerService, account.token).listUsers({}))).toBe(Code.PermissionDenied);
    expect(await codeOf(f.client(cloud.ManufacturerService, "mk1.made-up").listUsers({}))).toBe(Code.Unauthenticated);
  });

  it("pages with opaque tokens bound to the manufacturer, user and product", async (ctx) => {
    const f = cloudOf(ctx);
    const { bandMaker } = await makers(f);
    const u = await user(f, ["band"]);
    const view = await viewOf(f, bandMaker, "band");
    const target = { userId: await pairwiseIdOf(f, u, "maker-band") };
    const client = f.client(cloud.ManufacturerService, bandMaker);
    const first = await client.listUserRecords({ userId: target.userId, productId: "band", pageSize: 1 });
    expect(first.records).toHaveLength(1);
    expect(first.nextPageToken).not.toBe("");
    expect(holds(Buffer.from(first.nextPageToken), [...u.recordIds, u.account.accountId])).toEqual([]);
    const second = await client.listUserRecords({ userId: target.userId, productId: "band", pageSize: 1, pageToken: first.nextPageToken });
    expect(second.records[0]?.recordHandle).not.toBe(first.records[0]?.recordHandle);
    const other = view.users.find((x) => x.userId !== target.userId);
    if (other) expect(await codeOf(client.listUserRecords({ userId: other.userId, productId: "band", pageToken: first.nextPageToken }))).toBe(Code.InvalidArgument);
  });

  it("withdraws a manufacturer's id when its last device is unbound, and a later binding gets an unlinkable new one", async (ctx) => {
    const f = cloudOf(ctx);
    const { bandMaker } = await makers(f);
    const before = new Set((await viewOf(f, bandMaker, "band")).users.map((x) => x.userId));
    const u = await user(f, ["band"]);
    const added = (await viewOf(f, bandMaker, "band")).users.map((x) => x.userId).filter((id) => !before.has(id));
    expect(added).toHaveLength(1);
    await f.client(cloud.BindingService, u.account.token).unbindDevice({ deviceId: u.devices[0]!.deviceId });
    expect(await codeOf(f.client(cloud.ManufacturerService, bandMaker).listUserRecords({ userId: added[0]!, productId: "band" }))).toBe(Code.NotFound);
    await f.bindDevice(u.account, "band");
    const again = (await viewOf(f, bandMaker, "band")).users.map((x) => x.userId).filter((id) => !before.has(id));
    expect(again).toHaveLength(1);
    expect(again[0]).not.toBe(added[0]);
  });

  it("property: two manufacturers' views of the same users share no identifier and no value that names a person", async (ctx) => {
    const f = cloudOf(ctx);
    const { bandMaker, scaleMaker } = await makers(f);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.subarray(["band", "scale"] as const, { minLength: 1 }), { minLength: 1, maxLength: 3 }), async (owned) => {
        const users = [];
        for (const products of owned) users.push(await user(f, products));
        const bandView = await viewOf(f, bandMaker, "band");
        const scaleView = await viewOf(f, scaleMaker, "scale");
        const shared = [...bandView.identifiers].filter((id) => scaleView.identifiers.has(id));
        expect(shared).toEqual([]);
        for (const u of users) {
          const secrets = [u.account.accountId, ...u.devices.map((d) => d.deviceId), ...u.recordIds, ...u.canaries, u.receipt];
          expect(holds(bandView.bytes, secrets)).toEqual([]);
          expect(holds(scaleView.bytes, secrets)).toEqual([]);
        }
        // Each user appears to a maker exactly when they own one of its products.
        const bandUsers = users.filter((u) => u.devices.some((d) => d.productId === "band")).length;
        const scaleUsers = users.filter((u) => u.devices.some((d) => d.productId === "scale")).length;
        expect(bandView.records.filter((r) => r.messageType === band.HeartRateSampleSchema.typeName).length).toBeGreaterThanOrEqual(bandUsers);
        expect(scaleView.records.length).toBeGreaterThanOrEqual(scaleUsers);
      }),
      replayable("manufacturers cannot correlate users", 6),
    );
  });
});
