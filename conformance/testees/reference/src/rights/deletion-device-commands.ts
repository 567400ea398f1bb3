import { create } from "@bufbuild/protobuf";
import { cloud } from "@datapact/proto";
import type { AppInstance } from "../app/app-instance.js";
import type { TesteeWorld } from "../testee-world.js";

/**
 * Hands each of the account's devices the commands the cloud queued for it
 * (a deletion queues unbind and factory reset for every bound device), in
 * the order they were queued, and marks them delivered: what a device does
 * when it next reaches the cloud. The simulated devices reach the cloud
 * through the app's link, so the app passes the commands on. The commands
 * are queued at the node that stores the account.
 */
export async function deliverQueuedDeviceCommands(world: TesteeWorld, app: AppInstance): Promise<void> {
  for (const linked of app.devices.values()) {
    const deviceId = linked.device.cloudDeviceId;
    if (!deviceId) continue;
    const { rows } = await app.options.node.db.query<{ command_id: string; kind: number }>(
      "select command_id, kind from device_commands where device_id = $1 and delivered_at is null order by created_at, command_id",
      [deviceId],
    );
    for (const row of rows) {
      await linked.link.send(cloud.DeviceCommandSchema, create(cloud.DeviceCommandSchema, { commandId: row.command_id, kind: row.kind }));
      await new Promise((r) => setImmediate(r));
      await linked.device.device.whenIdle();
      await linked.link.settle();
      if (row.kind === cloud.DeviceCommandKind.UNBIND) {
        linked.bound = false;
        linked.device.uplink = undefined;
      }
      await app.options.node.db.query("update device_commands set delivered_at = $3 where device_id = $1 and command_id = $2", [deviceId, row.command_id, world.clock.now().toISOString()]);
    }
  }
}
