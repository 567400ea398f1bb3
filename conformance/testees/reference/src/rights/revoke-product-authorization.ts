import { createClient } from "@connectrpc/connect";
import { cloud } from "@datapact/proto";
import type { AppInstance } from "../app/app-instance.js";
import type { TesteeWorld } from "../testee-world.js";
import { deliverQueuedDeviceCommands } from "./deletion-device-commands.js";
import { awaitDeletion, DELETION_WAIT_MS } from "./deletion-wait.js";

/**
 * "Revoke authorization" of one product (000 §05 lines 1108-1109; decision
 * 0011): withdrawing consent to a product's policy as a whole also deletes
 * the product's personal data on the servers and on its devices. The app
 * asks the cloud's data-rights engine for the product's deletion, waits for
 * it, and hands the devices the unbind and factory reset the cloud queued.
 * Returns whether the deletion finished.
 */
export async function revokeProductAuthorization(world: TesteeWorld, app: AppInstance, productId: string): Promise<boolean> {
  if (world.hooks.erasesRevokedProduct?.(productId) === false) return false;
  const client = createClient(cloud.DataRightsService, app.transport);
  const job = await awaitDeletion(client, (await client.deleteData({ productId })).job, DELETION_WAIT_MS);
  const done = job?.state === cloud.DeletionState.DONE;
  if (done) await deliverQueuedDeviceCommands(world, app);
  return done;
}
