import { randomUUID } from "node:crypto";
import type { Queryable } from "../../storage/database/database.js";

/** One operation waiting for a device. */
export interface QueuedDeviceAction {
  readonly actionId: string;
  readonly method: string;
  readonly params: readonly string[];
}

/**
 * The device_actions table: operations waiting for devices, queued by the
 * owner, a shared party with basic control, or a scene the platform ran.
 * A row holds the operation and nothing else: never the data or the rule
 * that caused it, so the receiving device (and its manufacturer) learns
 * nothing of another device's records (M151).
 */
export class DeviceActionQueue {
  constructor(private readonly db: Queryable) {}

  bind(q: Queryable): DeviceActionQueue {
    return new DeviceActionQueue(q);
  }

  /** Queues an action for the owner's device; returns its id. */
  async enqueue(ownerSubjectId: string, deviceId: string, action: { method: string; params: readonly string[] }, at: Date): Promise<string> {
    const actionId = `act_${randomUUID()}`;
    await this.db.query("insert into device_actions (subject_id, action_id, device_id, method, params, created_at) values ($1, $2, $3, $4, $5::text[], $6)", [
      ownerSubjectId,
      actionId,
      deviceId,
      action.method,
      [...action.params],
      at.toISOString(),
    ]);
    return actionId;
  }

  /** The actions waiting for the owner's device, oldest first, marked delivered. */
  async take(ownerSubjectId: string, deviceId: string, at: Date): Promise<QueuedDeviceAction[]> {
    const { rows } = await this.db.query<{ action_id: string; method: string; params: string[]; created_at: Date }>(
      `update device_actions set delivered_at = $3
       where subject_id = $1 and device_id = $2 and delivered_at is null
       returning action_id, method, params, created_at`,
      [ownerSubjectId, deviceId, at.toISOString()],
    );
    return rows
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.action_id < b.action_id ? -1 : 1))
      .map((r) => ({ actionId: r.action_id, method: r.method, params: r.params }));
  }

  /** Drops what still waits for a device (it was unbound); returns how many. */
  async dropPending(ownerSubjectId: string, deviceId: string): Promise<number> {
    const { rowCount } = await this.db.query("delete from device_actions where subject_id = $1 and device_id = $2 and delivered_at is null", [
      ownerSubjectId,
      deviceId,
    ]);
    return rowCount;
  }
}
