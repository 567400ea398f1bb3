import { randomUUID } from "node:crypto";
import { cloud } from "@datapact/proto";
import type { DevicePrincipal } from "../../auth/principal.js";
import type { Queryable } from "../../storage/database/database.js";
import { DatabaseQueryError } from "../../storage/errors/database-query-error.js";
import { Code } from "@connectrpc/connect";
import { RejectedRequestError } from "../errors/rejected-request-error.js";

/** A device bound to an account, as stored. */
export interface BoundDeviceRow {
  readonly subjectId: string;
  readonly deviceId: string;
  readonly productId: string;
  readonly mac: string;
  readonly serialNumber: string;
  readonly boundAt: Date;
}

/** A command waiting for a device. */
export interface PendingDeviceCommand {
  readonly commandId: string;
  readonly kind: cloud.DeviceCommandKind;
}

interface DeviceRow {
  subject_id: string;
  device_id: string;
  product_id: string;
  mac: string;
  serial_number: string;
  bound_at: Date;
}

const DEVICE_COLUMNS = "subject_id, device_id, product_id, mac, serial_number, bound_at";

function deviceFrom(row: DeviceRow): BoundDeviceRow {
  return { subjectId: row.subject_id, deviceId: row.device_id, productId: row.product_id, mac: row.mac, serialNumber: row.serial_number, boundAt: row.bound_at };
}

/**
 * The devices and device_commands tables: who owns which device (one owner
 * at a time, 000 §3.4 (1)), the hash of each device's key, and the unbind
 * and factory-reset commands waiting for devices.
 */
export class DeviceRegistry {
  constructor(private readonly db: Queryable) {}

  bind(q: Queryable): DeviceRegistry {
    return new DeviceRegistry(q);
  }

  /**
   * Records a binding with a fresh device id. ALREADY_EXISTS when the
   * hardware (product, MAC, serial number) is bound to an account already.
   */
  async add(binding: {
    subjectId: string;
    productId: string;
    mac: string;
    serialNumber: string;
    publicKey: Uint8Array;
    keyHash: Uint8Array;
    at: Date;
  }): Promise<BoundDeviceRow> {
    const deviceId = `dev_${randomUUID()}`;
    try {
      const { rows } = await this.db.query<DeviceRow>(
        `insert into devices (subject_id, device_id, product_id, mac, serial_number, device_key_hash, public_key, bound_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${DEVICE_COLUMNS}`,
        [binding.subjectId, deviceId, binding.productId, binding.mac, binding.serialNumber, binding.keyHash, binding.publicKey, binding.at.toISOString()],
      );
      return deviceFrom(rows[0]!);
    } catch (err) {
      if (err instanceof DatabaseQueryError && (err.violates("devices_hardware_bound_once") || err.violates("devices_bound_once"))) {
        throw new RejectedRequestError(Code.AlreadyExists, "DEVICE_ALREADY_BOUND", "the device is bound to an account already");
      }
      throw err;
    }
  }

  /** The device whose key hashes to `hash`, bound or since unbound. */
  async byKeyHash(hash: Uint8Array): Promise<DevicePrincipal | undefined> {
    const { rows } = await this.db.query<{ subject_id: string; device_id: string; product_id: string; unbound_at: Date | null }>(
      "select subject_id, device_id, product_id, unbound_at from devices where device_key_hash = $1",
      [hash],
    );
    const row = rows[0];
    return row && { kind: "device", subjectId: row.subject_id, deviceId: row.device_id, productId: row.product_id, bound: row.unbound_at === null };
  }

  /** The subject's bound device with that id, if any. */
  async owned(subjectId: string, deviceId: string): Promise<BoundDeviceRow | undefined> {
    const { rows } = await this.db.query<DeviceRow>(
      `select ${DEVICE_COLUMNS} from devices where subject_id = $1 and device_id = $2 and unbound_at is null`,
      [subjectId, deviceId],
    );
    return rows[0] && deviceFrom(rows[0]);
  }

  /** The bound device with that id, whoever owns it. */
  async bound(deviceId: string): Promise<BoundDeviceRow | undefined> {
    const { rows } = await this.db.query<DeviceRow>(`select ${DEVICE_COLUMNS} from devices where device_id = $1 and unbound_at is null`, [deviceId]);
    return rows[0] && deviceFrom(rows[0]);
  }

  /** The subject's bound devices, oldest binding first. */
  async listBound(subjectId: string): Promise<BoundDeviceRow[]> {
    const { rows } = await this.db.query<DeviceRow>(
      `select ${DEVICE_COLUMNS} from devices where subject_id = $1 and unbound_at is null order by bound_at, device_id`,
      [subjectId],
    );
    return rows.map(deviceFrom);
  }

  /**
   * Unbinds the subject's device and queues, for the device, the unbind and
   * factory-reset commands it receives when it next polls (M118, M130).
   * Returns the device as it was, or undefined when the subject has no such
   * bound device.
   */
  async unbind(subjectId: string, deviceId: string, at: Date): Promise<BoundDeviceRow | undefined> {
    const { rows } = await this.db.query<DeviceRow>(
      `update devices set unbound_at = $3 where subject_id = $1 and device_id = $2 and unbound_at is null returning ${DEVICE_COLUMNS}`,
      [subjectId, deviceId, at.toISOString()],
    );
    if (!rows[0]) return undefined;
    for (const [offset, kind] of [cloud.DeviceCommandKind.UNBIND, cloud.DeviceCommandKind.FACTORY_RESET].entries()) {
      // Distinct instants keep the two commands in order for the device.
      await this.db.query("insert into device_commands (device_id, command_id, kind, created_at) values ($1, $2, $3, $4)", [
        deviceId,
        `cmd_${randomUUID()}`,
        kind,
        new Date(at.getTime() + offset).toISOString(),
      ]);
    }
    return deviceFrom(rows[0]);
  }

  /** The commands waiting for a device, oldest first, marked delivered. */
  async takeCommands(deviceId: string, at: Date): Promise<PendingDeviceCommand[]> {
    const { rows } = await this.db.query<{ command_id: string; kind: number; created_at: Date }>(
      `update device_commands set delivered_at = $2
       where device_id = $1 and delivered_at is null
       returning command_id, kind, created_at`,
      [deviceId, at.toISOString()],
    );
    return rows
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.command_id < b.command_id ? -1 : 1))
      .map((r) => ({ commandId: r.command_id, kind: r.kind as cloud.DeviceCommandKind }));
  }
}
