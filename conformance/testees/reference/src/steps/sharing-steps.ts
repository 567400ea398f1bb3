import { create } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { cloud, conformance } from "@datapact/proto";
import { ok, StepRefusal, type StepAnswer } from "../harness/step-answer.js";
import type { TesteeWorld } from "../testee-world.js";

/** The owner shares a bound device with another account (view and basic control at most). */
export async function shareDevice(world: TesteeWorld, step: conformance.ShareDeviceStep): Promise<StepAnswer> {
  const owner = world.app(step.account);
  const grantee = world.app(step.grantee);
  const { app, linked } = world.boundDevice(step.device);
  if (app !== owner) throw new StepRefusal("permission_denied", `device ${step.device} is not bound to ${step.account}`);
  const share = await owner.sdk.sharing.shareDevice(linked.device.cloudDeviceId!, grantee.accountId, step.permissions.length > 0 ? step.permissions : undefined);
  world.shares.push({ owner: step.account, device: step.device, grantee: step.grantee, shareId: share.shareId });
  return ok({ case: "shareDevice", value: create(conformance.ShareDeviceResultSchema, { shareId: share.shareId }) });
}

/** The owner stops sharing the device with the grantee. */
export async function revokeShare(world: TesteeWorld, step: conformance.RevokeShareStep): Promise<StepAnswer> {
  const owner = world.app(step.account);
  const index = world.shares.findIndex((s) => s.owner === step.account && s.device === step.device && s.grantee === step.grantee);
  if (index < 0) throw new StepRefusal("not_found", `device ${step.device} is not shared with ${step.grantee}`);
  await owner.sdk.sharing.revokeShare(world.shares[index]!.shareId);
  world.shares.splice(index, 1);
  return ok();
}

/**
 * What another account is served about a device (SharedDeviceService, as
 * that account), or what a manufacturer's integration is served about the
 * device's user (ManufacturerService, with its API key, under the user's id
 * at that manufacturer).
 */
export async function readAs(world: TesteeWorld, step: conformance.ReadAsStep): Promise<StepAnswer> {
  if (step.reader.case === "manufacturer") return readAsManufacturer(world, step.device, step.reader.value);
  if (step.reader.case !== "account") throw new StepRefusal("invalid_argument", "reader: an account or a manufacturer is required");
  const reader = world.app(step.reader.value);
  const { linked } = world.device(step.device);
  const client = createClient(cloud.SharedDeviceService, reader.transport);
  const response = await client.readSharedDevice({ deviceId: linked.device.cloudDeviceId ?? "" });
  const records = response.records.map((r) => create(conformance.ReadRecordSchema, { messageType: r.messageType, payload: r.payload, subjectId: linked.device.cloudDeviceId ?? "" }));
  return ok({ case: "readAs", value: create(conformance.ReadAsResultSchema, { records }) });
}

/**
 * A manufacturer's integration reads the records of the device's user it is
 * served for the device's product: every record of that product under the
 * user id it learned when the device was bound. A manufacturer that did not
 * make the device knows nothing of it and is served nothing; once the
 * platform stops resolving the id (unbinding, deletion), the cloud's
 * NOT_FOUND is the answer.
 */
async function readAsManufacturer(world: TesteeWorld, device: string, handle: string): Promise<StepAnswer> {
  const maker = world.manufacturers.get(handle);
  if (!maker) throw new StepRefusal("not_found", `no manufacturer ${handle}`);
  world.device(device);
  const known = maker.known(device);
  const served = known ? await maker.records(known.userId, known.productId) : [];
  const records = served.map((r) => create(conformance.ReadRecordSchema, { messageType: r.messageType, payload: r.payload, subjectId: known!.userId }));
  return ok({ case: "readAs", value: create(conformance.ReadAsResultSchema, { records }) });
}
