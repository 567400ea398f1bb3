import type { Registry } from "@bufbuild/protobuf";
import { checkedRegion, createSubject } from "../identity/subjects.js";
import { DataKeyring } from "../keys/data-keyring.js";
import type { KeyEncryptionKey } from "../keys/key-encryption-key.js";
import type { Database } from "../storage/database/database.js";
import { RecordStore } from "../storage/records/record-store.js";
import type { InsertBatchResult, RecordToStore } from "../storage/records/record-to-store.js";
import type { ListOptions, RecordPage, ScanOptions, StoredRecord } from "../storage/records/stored-record.js";
import { checkedId } from "../storage/validation/checked-id.js";
import { CrossRegionAccessError } from "./errors/cross-region-access-error.js";
import { RegionNotServedError } from "./errors/region-not-served-error.js";
import { LOCATION_CODE, residencyRuleOf, type StorageLocation } from "./residency-table.js";

/** Options of {@link RegionalStores}. */
export interface RegionalStoresOptions {
  /** One database per storage location the deployment serves. */
  readonly databases: Readonly<Partial<Record<StorageLocation, Database>>>;
  /** Wraps every location's data keys. */
  readonly kek: KeyEncryptionKey;
  readonly retiredKeks?: readonly KeyEncryptionKey[];
  readonly registry?: Registry;
}

const LOCATION_OF_CODE: ReadonlyMap<string, StorageLocation> = new Map(Object.entries(LOCATION_CODE).map(([l, c]) => [c, l as StorageLocation]));

/** The location a subject id names (`de_…`), or undefined. */
export function locationOfSubject(subjectId: string): StorageLocation | undefined {
  const sep = subjectId.indexOf("_");
  return sep > 0 ? LOCATION_OF_CODE.get(subjectId.slice(0, sep)) : undefined;
}

/**
 * One location's store, as a node serving that location sees it: its
 * database, keyring and records, and subject-scoped access that refuses
 * any subject stored elsewhere with CrossRegionAccessError.
 */
export class RegionStore {
  readonly keyring: DataKeyring;
  /** The location's records store, unchecked: for code that already resolved the subject through {@link records}. */
  readonly recordStore: RecordStore;

  constructor(
    readonly location: StorageLocation,
    readonly db: Database,
    kek: KeyEncryptionKey,
    retiredKeks: readonly KeyEncryptionKey[] | undefined,
    registry: Registry | undefined,
  ) {
    this.keyring = new DataKeyring({ db, kek, retiredKeks });
    this.recordStore = new RecordStore({ db, keyring: this.keyring, registry });
  }

  /** Throws CrossRegionAccessError unless the subject's data lives at this store's location. */
  checkResident(subjectId: string): string {
    checkedId(subjectId, "subjectId");
    const at = locationOfSubject(subjectId);
    if (at !== this.location) throw new CrossRegionAccessError(subjectId, this.location, at ?? "unknown");
    return subjectId;
  }

  /** The subject's records at this location; CrossRegionAccessError for a subject stored elsewhere. */
  records(subjectId: string): SubjectRecords {
    const id = this.checkResident(subjectId);
    const store = this.recordStore;
    return {
      insertBatch: (records) => store.insertBatch(id, records),
      get: (recordId) => store.get(id, recordId),
      list: (options) => store.list(id, options),
      scan: (options) => store.scan(id, options),
      deleteAll: () => store.deleteFor(id),
    };
  }
}

/** One subject's records at its location. */
export interface SubjectRecords {
  insertBatch(records: readonly RecordToStore[]): Promise<InsertBatchResult>;
  get(recordId: string): Promise<StoredRecord | undefined>;
  list(options?: ListOptions): Promise<RecordPage>;
  scan(options?: ScanOptions): AsyncGenerator<StoredRecord, void, undefined>;
  deleteAll(): Promise<number>;
}

/**
 * Residency (SEED-MECHANISMS M162, M169; decision 0012): the region an
 * account chooses at sign-up decides, through the seeds' international
 * transfer table, the location that stores all its data, and each location
 * is a database of its own. A subject is created in its location's
 * database with an id that names the location (`de_<uuid>`), so every
 * later call is routed without a directory that would itself be personal
 * data; a store asked for a subject of another location refuses.
 */
export class RegionalStores {
  private readonly stores = new Map<StorageLocation, RegionStore>();

  constructor(options: RegionalStoresOptions) {
    for (const [location, db] of Object.entries(options.databases) as [StorageLocation, Database | undefined][]) {
      if (db) this.stores.set(location, new RegionStore(location, db, options.kek, options.retiredKeks, options.registry));
    }
  }

  /** The locations this deployment serves. */
  locations(): StorageLocation[] {
    return [...this.stores.keys()];
  }

  /** Where an account region's data is stored (the residency table); RegionNotServedError when no database serves it. */
  locationOf(region: string): StorageLocation {
    const location = residencyRuleOf(checkedRegion(region)).location;
    if (!this.stores.has(location)) throw new RegionNotServedError(location);
    return location;
  }

  /**
   * Creates a data subject for an account signing up in `region`, in the
   * database of the region's location; returns its id. Throws
   * InvalidArgumentError for a malformed region, RegionNotServedError.
   */
  async createSubject(region: string): Promise<string> {
    const location = this.locationOf(region);
    return createSubject(this.at(location).db, region, { idPrefix: LOCATION_CODE[location] });
  }

  /** The store of a location, as a node serving that location uses it. RegionNotServedError when not served. */
  at(location: StorageLocation): RegionStore {
    const store = this.stores.get(location);
    if (!store) throw new RegionNotServedError(location);
    return store;
  }

  /** The store holding a subject's data (by the location its id names). RegionNotServedError when none does. */
  of(subjectId: string): RegionStore {
    checkedId(subjectId, "subjectId");
    const location = locationOfSubject(subjectId);
    if (!location) throw new RegionNotServedError("unknown");
    return this.at(location);
  }
}
