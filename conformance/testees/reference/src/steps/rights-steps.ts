import { create } from "@bufbuild/protobuf";
import { sizeDelimitedEncode } from "@bufbuild/protobuf/wire";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { cloud, conformance } from "@datapact/proto";
import { ok, skipped, type StepAnswer } from "../harness/step-answer.js";
import { deliverQueuedDeviceCommands } from "../rights/deletion-device-commands.js";
import { accountGone, awaitDeletion, DELETION_WAIT_MS } from "../rights/deletion-wait.js";
import type { TesteeWorld } from "../testee-world.js";

const NOT_SERVED = "the cloud does not serve DataRightsService yet";
function notServed(err: unknown): boolean {
  const code = ConnectError.from(err).code;
  return code === Code.Unimplemented || code === Code.NotFound;
}

/**
 * The user's export, as the user downloads it: every ExportDataResponse of
 * `DataRightsService.ExportData`, size-delimited, in the order the cloud
 * streamed them; the records among them are listed for the kit.
 */
export async function exportData(world: TesteeWorld, step: conformance.ExportStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  const client = createClient(cloud.DataRightsService, app.transport);
  const parts: Uint8Array[] = [];
  const records: conformance.ReadRecord[] = [];
  try {
    for await (const item of client.exportData({ productId: step.productId })) {
      parts.push(sizeDelimitedEncode(cloud.ExportDataResponseSchema, item));
      if (item.item.case === "record") {
        const r = item.item.value;
        records.push(create(conformance.ReadRecordSchema, { messageType: r.statement?.messageType ?? "", payload: r.payload, subjectId: app.accountId }));
      }
    }
  } catch (err) {
    if (notServed(err)) return skipped(NOT_SERVED);
    throw err;
  }
  const bytes = Buffer.concat(parts);
  return ok({
    case: "export",
    value: create(conformance.ExportResultSchema, { export: bytes, mediaType: "application/x-protobuf; messageType=datapact.cloud.v1.ExportDataResponse; delimited=true", records }),
  });
}

/**
 * Starts the user's deletion (`DataRightsService.DeleteData`) and waits for
 * the job to finish. The app stops collecting first: asking to delete a
 * product's data (or the account) withdraws its consent on the phone and on
 * the devices, so nothing new arrives behind the deletion.
 */
export async function deleteData(world: TesteeWorld, step: conformance.DeleteStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  // Mirrored to the cloud when it answers; the local withdrawal stands either way.
  await app.sdk.consentCloud.withdrawConsent(step.productId).catch(() => undefined);
  for (const productId of step.productId === "" ? world.catalog.productIds : [step.productId]) await app.relayConsent(productId);
  const client = createClient(cloud.DataRightsService, app.transport);
  let job: cloud.DeletionJob | undefined;
  try {
    job = (await client.deleteData({ productId: step.productId })).job;
  } catch (err) {
    if (notServed(err)) return skipped(NOT_SERVED);
    // The account is already gone (withdrawing the app's consent above erased it, or an earlier
    // deletion did): nothing is left at the cloud, but its devices still get what it queued for them.
    if (accountGone(err)) {
      await deliverQueuedDeviceCommands(world, app);
      return ok({ case: "delete", value: create(conformance.DeleteResultSchema, { done: true }) });
    }
    throw err;
  }
  job = await awaitDeletion(client, job, DELETION_WAIT_MS);
  if (job?.state === cloud.DeletionState.DONE) await deliverQueuedDeviceCommands(world, app);
  return ok({ case: "delete", value: create(conformance.DeleteResultSchema, { jobId: job?.jobId ?? "", done: job?.state === cloud.DeletionState.DONE }) });
}
