import { create, fromBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { conformance } from "@datapact/proto";
import type { LinkedDevice } from "../app/app-instance.js";
import { ok, refusalOf, refused, StepRefusal, type StepAnswer } from "../harness/step-answer.js";
import type { TesteeWorld } from "../testee-world.js";

/** Pairs a new device of the product with the account's app and binds it through the cloud; its manufacturer sees it appear. */
export async function bindDevice(world: TesteeWorld, step: conformance.BindDeviceStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  if (!world.catalog.hasProduct(step.productId)) throw new StepRefusal("invalid_argument", `product_id: ${step.productId} is not a product this testee implements`);
  if ([...world.apps.values()].some((a) => a.devices.has(step.device))) throw new StepRefusal("already_exists", `device ${step.device} exists`);
  const learn = await world.manufacturers.watchBinding(step.productId);
  const device = await app.bindDevice(step.device, step.productId);
  await learn(step.device);
  return ok({ case: "bindDevice", value: create(conformance.BindDeviceResultSchema, { deviceId: device.cloudDeviceId ?? "" }) });
}

/** Unbinds through the cloud; the device is told and erases what it keeps. */
export async function unbindDevice(world: TesteeWorld, step: conformance.UnbindDeviceStep): Promise<StepAnswer> {
  const { app } = world.boundDevice(step.device);
  if (app.handle !== step.account) throw new StepRefusal("permission_denied", `device ${step.device} is not bound to ${step.account}`);
  await app.unbindDevice(step.device);
  return ok();
}

function decoded(schema: DescMessage, payload: Uint8Array): Message | undefined {
  try {
    return fromBinary(schema, payload);
  } catch {
    return undefined;
  }
}

/**
 * The device's firmware produces a message and handles it as it would:
 * kept, sent to the app (and the cloud) as policy allows. Bytes that are
 * not a message of the device's product are put on the link as they are,
 * as a relaying firmware would, and the app end's refusal is the answer.
 */
export async function emitDeviceFrame(world: TesteeWorld, step: conformance.EmitDeviceFrameStep): Promise<StepAnswer> {
  const { app, linked } = world.boundDevice(step.device);
  linked.device.takeLinkPackets();
  linked.link.takeErrors();
  const schema = world.catalog.message(step.messageType);
  const ofProduct = schema !== undefined && linked.device.options.catalog.idOf(schema.typeName) !== undefined;
  const message = schema && ofProduct ? decoded(schema, step.payload) : undefined;
  if (!schema || !message) {
    if (schema && ofProduct) await world.hooks.undecodable?.(app, step.messageType, step.payload);
    return relayUnreadable(linked, step);
  }
  try {
    await linked.device.produce(schema, message);
  } catch (err) {
    return refusalOf(err);
  } finally {
    await settle(linked);
  }
  return ok({ case: "emitDeviceFrame", value: create(conformance.EmitDeviceFrameResultSchema, { linkFrames: linked.device.takeLinkPackets() }) });
}

async function relayUnreadable(linked: LinkedDevice, step: conformance.EmitDeviceFrameStep): Promise<StepAnswer> {
  try {
    await linked.device.relayRaw(step.messageType, step.payload);
  } catch (err) {
    return refusalOf(err);
  }
  await linked.link.settle();
  const [first] = linked.link.takeErrors();
  linked.device.takeLinkPackets();
  if (first) return refusalOf(first);
  return refused("invalid_argument", `payload is not a message of ${linked.device.productId} the device could produce`);
}

async function settle(linked: LinkedDevice): Promise<void> {
  await linked.link.settle();
  await linked.device.device.whenIdle();
}
