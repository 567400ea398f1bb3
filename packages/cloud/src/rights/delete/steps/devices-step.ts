import { cloud } from "@datapact/proto";
import type { Queryable } from "../../../storage/database/database.js";
import type { StepContext, StepCounts } from "./step-context.js";

interface DeviceRow {
  device_id: string;
  product_id: string;
  device_key_hash: Uint8Array;
  unbound_at: Date | null;
}

/** Whether a table exists in the schema (device_actions belongs to the platform services' migration). */
async function tableExists(q: Queryable, table: string): Promise<boolean> {
  const { rows } = await q.query<{ present: boolean }>("select to_regclass($1) is not null as present", [table]);
  return rows[0]?.present === true;
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
    let commands = 0;
    const jobPart = job.jobId.slice("del_".length);
    for (const device of bound) {
      for (const [offset, kind, label] of [
        [0, cloud.DeviceCommandKind.UNBIND, "unbind"],
        [1, cloud.DeviceCommandKind.FACTORY_RESET, "reset"],
      ] as const) {
        // Distinct instants keep unbind before reset for the device.
        const { rowCount } = await tx.query(
          "insert into device_commands (device_id, command_id, kind, created_at) values ($1, $2, $3, $4) on conflict do nothing",
          [device.device_id, `cmd_${jobPart}_${label}`, kind, new Date(at.getTime() + offset).toISOString()],
        );
        commands += rowCount;
      }
    }
    const deviceIds = rows.map((r) => r.device_id);
    if (await tableExists(tx, "device_actions")) {
      await tx.query("delete from device_actions where subject_id = $1 and device_id = any($2::text[])", [job.subjectId, deviceIds]);
    }
    await tx.query("delete from devices where subject_id = $1 and device_id = any($2::text[])", [job.subjectId, deviceIds]);
    return { devices: rows.length, unbound: bound.length, commands };
  });
}
