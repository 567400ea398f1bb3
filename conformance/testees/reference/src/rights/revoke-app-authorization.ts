import { createClient } from "@connectrpc/connect";
import { cloud } from "@datapact/proto";
import type { AppInstance } from "../app/app-instance.js";
import type { TesteeWorld } from "../testee-world.js";
import { deliverQueuedDeviceCommands } from "./deletion-device-commands.js";
import { accountGone, DELETION_WAIT_MS } from "./deletion-wait.js";

/**
 * "Revoke authorization" of the app (000 §05 lines 1108-1109; decision
 * 0011): withdrawing consent to the app's policy deletes all the user's
 * personal data, the account with it. The app SDK has already forgotten the
 * user's data on the phone and told the cloud, which erases the account in
 * a job of its own; the app waits until the account is gone (its token then
 * names nobody) and hands the devices the unbind and factory reset the
 * cloud queued. Returns whether the erasure finished in time.
 */
export async function revokeAppAuthorization(world: TesteeWorld, app: AppInstance): Promise<boolean> {
  const client = createClient(cloud.ConsentService, app.transport);
  const deadline = Date.now() + DELETION_WAIT_MS;
  let gone = false;
  while (!gone && Date.now() < deadline) {
    try {
      await client.listConsents({});
      await new Promise((r) => setTimeout(r, 20));
    } catch (err) {
      if (!accountGone(err)) throw err;
      gone = true;
    }
  }
  if (gone) await deliverQueuedDeviceCommands(world, app);
  // Leaving the app left the improvement plan too: the SDK asks the cloud to erase what the install token collected.
  await app.sdk.installErasure.flush();
  return gone;
}
