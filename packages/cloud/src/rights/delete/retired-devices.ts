import type { Queryable } from "../../storage/database/database.js";

/** A device whose owner's data was deleted: only what it needs to fetch its commands. */
export interface RetiredDevice {
  readonly deviceId: string;
  readonly productId: string;
}

/**
 * The retired_devices table, written by a deletion job's `devices` step:
 * a device whose binding row was erased keeps its credential here (id,
 * product, key hash; no owner), so that when it next connects it still
 * authenticates, as an unbound device, and receives its unbind and
 * factory-reset commands (M130).
 */
export class RetiredDevices {
  constructor(private readonly db: Queryable) {}

  /** The retired device whose key hashes to `hash`, if any. */
  async byKeyHash(hash: Uint8Array): Promise<RetiredDevice | undefined> {
    const { rows } = await this.db.query<{ device_id: string; product_id: string }>("select device_id, product_id from retired_devices where device_key_hash = $1", [hash]);
    return rows[0] && { deviceId: rows[0].device_id, productId: rows[0].product_id };
  }

  /** Erases retired devices with no command left to deliver; returns how many. */
  async dropDelivered(): Promise<number> {
    const { rowCount } = await this.db.query(
      "delete from retired_devices r where not exists (select 1 from device_commands c where c.device_id = r.device_id and c.delivered_at is null)",
    );
    return rowCount;
  }
}
