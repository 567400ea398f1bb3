import { cloud } from "@datapact/proto";
import type { Queryable } from "../../../storage/database/database.js";
import type { StepContext, StepCounts } from "./step-context.js";

interface DeviceRow {
  device_id: string;
  product_id: string;
  device_key_hash: Uint8Array;
  unbound_at: Date | null;
}

// Tables are not dropped at run time: the answer is kept per database.
const deviceActionsTable = new WeakMap<object, boolean>();

/** Whether device_actions exists (it belongs to the platform services' migration, which a database may lack). */
async function hasDeviceActions(db: object, q: Queryable): Promise<boolean> {
  let present = deviceActionsTable.get(db);
  if (present === undefined) {
    const { rows } = await q.query<{ present: boolean }>("select to_regclass('device_actions') is not null as present");
    present = rows[0]?.present === true;
    deviceActionsTable.set(db, present);
  }
  return present;
}

/**
 * Unbinds the subject's devices (of the job's product, for a product job)
 * and erases their binding rows (MAC, serial number, keys), in one
 * transaction:
 * - every bound device gets an unbind and a factory-reset command, queued
 *   under ids derived from the job so a rerun queues nothing twice (M130:
 *   "delete data on the ... servers and all bound devices");
 * - every device, bound or unbound earlier, keeps a retired credential (its
 *   id, product and key hash, nothing of the owner) so it can still fetch
 *   its commands when it next connects;
 * - actions still waiting for those devices are dropped.
 */
export async function unbindDevices(ctx: StepContext): Promise<StepCounts> {
  const { job } = ctx;
  const at = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const byProduct = job.scope === "product";
    const { rows } = await tx.query<DeviceRow>(
      `select device_id, product_id, device_key_hash, unbound_at from devices where subject_id = $1${byProduct ? " and product_id = $2" : ""} for update`,
      byProduct ? [job.subjectId, job.productId] : [job.subjectId],
    );
    if (rows.length === 0) return { devices: 0, unbound: 0, commands: 0 };
    await tx.query(
      `insert into retired_devices (device_id, product_id, device_key_hash, retired_at)
       select d.device_id, d.product_id, d.device_key_hash, $4 from unnest($1::text[], $2::text[], $3::bytea[]) as d(device_id, product_id, device_key_hash)
       on conflict do nothing`,
      [rows.map((r) => r.device_id), rows.map((r) => r.product_id), rows.map((r) => r.device_key_hash), at.toISOString()],
    );
    const bound = rows.filter((r) => r.unbound_at === null);
    const jobPart = job.jobId.slice("del_".length);
    // Unbind, then factory reset, for each bound device; distinct instants keep them in that order.
    const queued = bound.flatMap((d) => [
      { deviceId: d.device_id, commandId: `cmd_${jobPart}_unbind`, kind: cloud.DeviceCommandKind.UNBIND, at: at },
      { deviceId: d.device_id, commandId: `cmd_${jobPart}_reset`, kind: cloud.DeviceCommandKind.FACTORY_RESET, at: new Date(at.getTime() + 1) },
    ]);
    const commands =
      queued.length === 0
        ? 0
        : (
            await tx.query(
              `insert into device_commands (device_id, command_id, kind, created_at)
               select * from unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[]) on conflict do nothing`,
              [queued.map((c) => c.deviceId), queued.map((c) => c.commandId), queued.map((c) => c.kind), queued.map((c) => c.at.toISOString())],
            )
          ).rowCount;
    const deviceIds = rows.map((r) => r.device_id);
    if (await hasDeviceActions(ctx.db, tx)) {
      await tx.query("delete from device_actions where subject_id = $1 and device_id = any($2::text[])", [job.subjectId, deviceIds]);
    }
    await tx.query("delete from devices where subject_id = $1 and device_id = any($2::text[])", [job.subjectId, deviceIds]);
    return { devices: rows.length, unbound: bound.length, commands };
  });
}
