import { fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { forStorage, planFor, recordExpiry, setLeaves, type ConsentState } from "@datapact/policy";
import { MessageRole, Tier } from "@datapact/proto";
import { AtRestKeyMissingError } from "../errors/at-rest-key-missing-error.js";
import { CorruptRecordError } from "../errors/corrupt-record-error.js";
import { collectDrops, type DroppedField } from "../messages/dropped-field.js";
import type { KeyValueBackend } from "./key-value-backend.js";
import { checkStoreKey } from "./store-key.js";
import { AT_REST_KEY_BYTES, decodeStoredRecord, encodeStoredRecord } from "./stored-record.js";

/** The backend namespace of records written through a {@link DeviceStore}. */
export const RECORD_NAMESPACE = "data/";

/** Options of a {@link DeviceStore}. */
export interface DeviceStoreOptions {
  /** The device's consent: values of unconsented purposes or of functions that are off are not kept. */
  readonly consent?: ConsentState;
  /**
   * AES-256 key for values the pact stores field-encrypted on the device
   * (from the secure element, in a real device). Without it such values are
   * refused, never written in the clear.
   */
  readonly atRestKey?: Uint8Array;
  /** The clock, for retention. */
  readonly now?: () => Date;
}

/** What `put` did. */
export type StoreOutcome =
  | { readonly stored: true; readonly sealed: boolean; readonly expiresAt: Date | undefined; readonly dropped: readonly DroppedField[] }
  | { readonly stored: false; readonly reason: "NOTHING_STORABLE"; readonly dropped: readonly DroppedField[] };

/**
 * The device's store of pact messages. Every write is projected with
 * `forStorage(schema, message, Tier.DEVICE, { consent })` first, so values
 * the pact never keeps on the device (display-only values above all) cannot
 * be written through it; records holding values the pact keeps
 * field-encrypted are sealed with the at-rest key; records with a fixed
 * retention period expire.
 */
export class DeviceStore {
  private readonly now: () => Date;

  constructor(
    private readonly backend: KeyValueBackend,
    private readonly options: DeviceStoreOptions = {},
  ) {
    if (options.atRestKey && options.atRestKey.length !== AT_REST_KEY_BYTES) throw new RangeError(`atRestKey must be ${AT_REST_KEY_BYTES} bytes`);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Writes what the policy lets the device keep of `message` under `key`.
   * Writes nothing (and leaves any previous record of `key` as it was) when
   * the policy keeps no value of a data message. Throws InvalidStoreKeyError,
   * ThirdPartyDirectValueError or AtRestKeyMissingError, in each case
   * before anything is written.
   */
  async put<Desc extends DescMessage>(schema: Desc, key: string, message: MessageShape<Desc>): Promise<StoreOutcome> {
    checkStoreKey(key);
    const dropped: DroppedField[] = [];
    const kept = forStorage(schema, message, Tier.DEVICE, { consent: this.options.consent, onDrop: collectDrops(dropped) });
    const plan = planFor(schema);
    const leaves = [...setLeaves(plan, kept)];
    if (plan.role === MessageRole.DATA && leaves.length === 0) return { stored: false, reason: "NOTHING_STORABLE", dropped };
    const mustSeal = leaves.some((rule) => rule.encryptedAt.has(Tier.DEVICE));
    if (mustSeal && !this.options.atRestKey) throw new AtRestKeyMissingError(schema.typeName);
    const expiresAt = recordExpiry(schema, kept, Tier.DEVICE, this.now(), []);
    const bytes = encodeStoredRecord(RECORD_NAMESPACE + key, { typeName: schema.typeName, expiresAt, payload: toBinary(schema, kept) }, mustSeal ? this.options.atRestKey : undefined);
    await this.backend.write(RECORD_NAMESPACE + key, bytes);
    return { stored: true, sealed: mustSeal, expiresAt, dropped };
  }

  /**
   * The record under `key`, or undefined (also once it expired; it is then
   * erased). Throws CorruptRecordError when the bytes are damaged, sealed
   * under another key, or hold another type than `schema`.
   */
  async get<Desc extends DescMessage>(schema: Desc, key: string): Promise<MessageShape<Desc> | undefined> {
    checkStoreKey(key);
    const bytes = await this.backend.read(RECORD_NAMESPACE + key);
    if (!bytes) return undefined;
    const record = decodeStoredRecord(RECORD_NAMESPACE + key, bytes, this.options.atRestKey);
    if (record.typeName !== schema.typeName) throw new CorruptRecordError("TYPE_MISMATCH");
    if (record.expiresAt && record.expiresAt <= this.now()) {
      await this.backend.remove(RECORD_NAMESPACE + key);
      return undefined;
    }
    try {
      return fromBinary(schema, record.payload);
    } catch {
      throw new CorruptRecordError("UNDECODABLE");
    }
  }

  /** Erases one record; returns whether it existed. */
  async delete(key: string): Promise<boolean> {
    checkStoreKey(key);
    return this.backend.remove(RECORD_NAMESPACE + key);
  }

  /** Keys of every record, sorted. */
  async keys(): Promise<string[]> {
    return (await this.backend.list()).filter((k) => k.startsWith(RECORD_NAMESPACE)).map((k) => k.slice(RECORD_NAMESPACE.length));
  }

  /** Erases every record past its retention; returns how many. Unreadable records stay for `get` to report. */
  async sweepExpired(): Promise<number> {
    const now = this.now();
    let erased = 0;
    for (const key of await this.keys()) {
      const bytes = await this.backend.read(RECORD_NAMESPACE + key);
      if (!bytes) continue;
      let expired: boolean;
      try {
        const record = decodeStoredRecord(RECORD_NAMESPACE + key, bytes, this.options.atRestKey);
        expired = record.expiresAt !== undefined && record.expiresAt <= now;
      } catch {
        expired = false;
      }
      if (expired && (await this.backend.remove(RECORD_NAMESPACE + key))) erased++;
    }
    return erased;
  }

  /** Erases every record of this store. */
  async eraseAll(): Promise<void> {
    for (const key of await this.keys()) await this.backend.remove(RECORD_NAMESPACE + key);
  }
}
