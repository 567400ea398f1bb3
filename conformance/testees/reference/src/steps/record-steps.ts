import { create, fromBinary, type Message } from "@bufbuild/protobuf";
import { conformance } from "@datapact/proto";
import { ok, StepRefusal, type StepAnswer } from "../harness/step-answer.js";
import type { TesteeWorld } from "../testee-world.js";

/**
 * The app produces a record (typed in, computed, or about a device): it is
 * handed to the account channel and the improvement plan, each projecting it
 * by policy. A record holding a value a third party collects directly is
 * refused before anything is kept.
 */
export async function appRecord(world: TesteeWorld, step: conformance.AppRecordStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  const schema = world.catalog.message(step.messageType);
  if (!schema) throw new StepRefusal("invalid_argument", `message_type: ${step.messageType} is not a message of the pact`);
  let message: Message;
  try {
    message = fromBinary(schema, step.payload);
  } catch {
    await world.hooks.undecodable?.(app, step.messageType, step.payload);
    throw new StepRefusal("invalid_argument", `payload: does not decode as ${schema.typeName}`);
  }
  if (world.hooks.appRecording) message = await world.hooks.appRecording(app, schema, message);
  const deviceId = step.device === "" ? undefined : world.device(step.device).linked.device.cloudDeviceId;
  const outcome = await app.deliver(schema, message, deviceId);
  return ok({ case: "appRecord", value: create(conformance.AppRecordResultSchema, { droppedFieldPaths: outcome.dropped.map((d) => d.path) }) });
}

/** Flushes what waits on the phone: consent changes first, then records and analytics. */
export async function sync(world: TesteeWorld, step: conformance.SyncStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  app.takeSentCount();
  await app.sdk.consentCloud.retryPending();
  const held = (await app.sdk.sync.flush()) + (await app.sdk.analytics.flush());
  const sent = app.takeSentCount();
  return ok({ case: "sync", value: create(conformance.SyncResultSchema, { recordsSent: BigInt(sent), recordsHeld: BigInt(held) }) });
}
