// An engine-level fixture for the data-rights tests: a database migrated
// with every migration the cloud server applies, the keyring, records store,
// pairwise ids and the data-rights engine over it, a settable clock, a
// memory logger, and helpers that give a subject everything an account can
// have (records with canary values, consent receipts, bound and unbound
// devices, shares, switches, pairwise ids), written the way the services
// write them.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createRegistry, toJsonString, type DescMessage, type Registry } from "@bufbuild/protobuf";
import { forAnonymization, planFor } from "@datapact/policy";
import { camera, cloud, pactFiles, Purpose } from "@datapact/proto";
import { afterAll, beforeAll, type TestContext } from "vitest";
import {
  cloudMigrations,
  createSubject,
  DataKeyring,
  KeyEncryptionKey,
  MemoryLogger,
  migrate,
  PairwiseIdentifiers,
  RecordStore,
  type Database,
  type DatabaseKind,
} from "../../src/index.js";
import { createDataRights, type DataRights, type DataRightsOptions } from "../../src/rights/index.js";
import { ConsentLedger } from "../../src/services/consent/consent-ledger.js";
import { CANARY_TYPES, canaryRecord, type CanaryRecord } from "../storage/canary-records.js";
import { closeEngine, openEngine } from "../storage/engines.js";
import { findInTables } from "../services/raw-scan.js";

export { findInTables, findInText } from "../services/raw-scan.js";

/** A clock tests move by hand. */
export class TestClock {
  constructor(public at = new Date(Date.UTC(2026, 0, 15, 12))) {}
  now = (): Date => new Date(this.at.getTime());
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export const DAY = 86_400_000;
export const ALL_PURPOSES = [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING];

/** Everything a subject was given by {@link RightsFixture.populate}, with the values to look for after deletion. */
export interface PopulatedSubject {
  readonly subjectId: string;
  readonly records: readonly CanaryRecord[];
  /** Every canary value of the subject that must be gone after its account is deleted: record values, MACs and serial numbers. */
  readonly markers: readonly string[];
  /** Canary values the pact lets survive an account deletion anonymized (decision 0010); only ever in anonymized_records. */
  readonly anonymizable: readonly string[];
  readonly receiptIds: readonly string[];
  readonly boundDeviceIds: readonly string[];
  readonly unboundDeviceIds: readonly string[];
  /** Key hashes of its devices, to check they can still fetch commands. */
  readonly deviceKeyHashes: readonly Uint8Array[];
  /** Pairwise id per manufacturer. */
  readonly pairwiseIds: ReadonlyMap<string, string>;
  readonly shareIds: readonly string[];
}

/** The data-rights engine over one database, with the stores beside it. */
export class RightsFixture {
  readonly keyring: DataKeyring;
  readonly records: RecordStore;
  readonly pairwise: PairwiseIdentifiers;
  readonly ledger: ConsentLedger;
  readonly rights: DataRights;
  readonly logger = new MemoryLogger();
  readonly clock = new TestClock();

  constructor(
    readonly db: Database,
    readonly registry: Registry = createRegistry(...pactFiles),
    rightsOptions: Partial<DataRightsOptions> = {},
    /** The deployment's KEK: fixtures over one database share it, as the nodes of one cloud do (the sweeper reads every subject's rows). */
    kek: KeyEncryptionKey = KeyEncryptionKey.generate(),
  ) {
    this.keyring = new DataKeyring({ db, kek });
    this.records = new RecordStore({ db, keyring: this.keyring, registry });
    this.pairwise = new PairwiseIdentifiers({ db, secret: new Uint8Array(randomBytes(32)) });
    this.ledger = new ConsentLedger(db);
    this.rights = createDataRights({ db, keyring: this.keyring, registry, records: this.records, clock: this.clock, logger: this.logger, ...rightsOptions });
  }

  /** A fresh engine over the same database with other options (a second node, a runner that crashes). */
  with(rightsOptions: Partial<DataRightsOptions>): DataRights {
    return createDataRights({ db: this.db, keyring: this.keyring, registry: this.registry, records: this.records, clock: this.clock, logger: this.logger, ...rightsOptions });
  }

  /** Inserts a device row as BindingService does; returns its id and key hash. */
  async addDevice(subjectId: string, productId: string, options: { unbound?: boolean } = {}): Promise<{ deviceId: string; mac: string; serialNumber: string; keyHash: Uint8Array }> {
    const deviceId = `dev_${randomUUID()}`;
    const mac = `MAC-${randomBytes(6).toString("hex")}`;
    const serialNumber = `SN-${randomBytes(6).toString("hex")}`;
    const keyHash = new Uint8Array(createHash("sha256").update(randomBytes(32)).digest());
    await this.db.query(
      `insert into devices (subject_id, device_id, product_id, mac, serial_number, device_key_hash, public_key, bound_at, unbound_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [subjectId, deviceId, productId, mac, serialNumber, keyHash, new Uint8Array(randomBytes(32)), this.clock.now().toISOString(), options.unbound ? this.clock.now().toISOString() : null],
    );
    return { deviceId, mac, serialNumber, keyHash };
  }

  /** Shares a device of `owner` with `grantee`, as SharingService does; returns the share id. */
  async share(owner: string, grantee: string, deviceId: string): Promise<string> {
    const shareId = `shr_${randomUUID()}`;
    await this.db.query("insert into shares (owner_subject_id, share_id, grantee_subject_id, device_id, permissions) values ($1, $2, $3, $4, $5::int[])", [
      owner,
      shareId,
      grantee,
      deviceId,
      `{${cloud.SharePermission.VIEW}}`,
    ]);
    return shareId;
  }

  /**
   * A subject with a record of each of `types` (canary values, some on a
   * device), a general and a product receipt, a bound and an unbound device
   * per product used, function and upload switches, and pairwise ids at two
   * manufacturers.
   */
  async populate(types: readonly DescMessage[] = DEFAULT_TYPES, region = "eu"): Promise<PopulatedSubject> {
    const subjectId = await createSubject(this.db, region);
    const at = this.clock.now();
    const products = [...new Set(types.map((t) => planFor(t).productId))];
    const bound: string[] = [];
    const unbound: string[] = [];
    const hashes: Uint8Array[] = [];
    const markers: string[] = [];
    const deviceOf = new Map<string, string>();
    for (const product of products) {
      const b = await this.addDevice(subjectId, product);
      const u = await this.addDevice(subjectId, product, { unbound: true });
      bound.push(b.deviceId);
      unbound.push(u.deviceId);
      hashes.push(b.keyHash, u.keyHash);
      markers.push(b.mac, b.serialNumber, u.mac, u.serialNumber);
      deviceOf.set(product, b.deviceId);
    }
    const records = types.map((t, i) =>
      canaryRecord(t, `r-${i}-${randomBytes(4).toString("hex")}`, { collectedAt: new Date(at.getTime() - i * 1000), deviceId: deviceOf.get(planFor(t).productId) }),
    );
    await this.records.insertBatch(subjectId, records.map((r) => r.record));
    const anonymizable: string[] = [];
    for (const r of records) {
      const kept = forAnonymization(r.record.schema, r.stored as never);
      const survivors = kept ? toJsonString(r.record.schema, kept as never) : "";
      for (const m of [...r.sealedCanaries, ...r.plainMarkers]) (survivors.includes(m) ? anonymizable : markers).push(m);
    }
    const general = await this.ledger.give(subjectId, { kind: cloud.PolicyKind.GENERAL, productId: "", version: "dev-1", purposes: ALL_PURPOSES }, at);
    const receiptIds = [general.receiptId];
    const first = products[0];
    if (first !== undefined) {
      receiptIds.push((await this.ledger.give(subjectId, { kind: cloud.PolicyKind.PRODUCT, productId: first, version: "p-1", purposes: [Purpose.FUNCTIONALITY] }, at)).receiptId);
      await this.ledger.setFunction(subjectId, first, "some_function", true, at);
      await this.ledger.setUploadSwitch(subjectId, first, "some_switch", false, at);
    }
    const pairwiseIds = new Map<string, string>();
    for (const m of ["maker-a", "maker-b"]) {
      await this.pairwise.registerManufacturer(m, m);
      pairwiseIds.set(m, await this.pairwise.pairwiseIdFor(subjectId, m));
    }
    return {
      subjectId,
      records,
      markers,
      anonymizable,
      receiptIds,
      boundDeviceIds: bound,
      unboundDeviceIds: unbound,
      deviceKeyHashes: hashes,
      pairwiseIds,
      shareIds: [],
    };
  }

  /** Where any of `markers` sits in any table. */
  findInTables(markers: readonly string[]) {
    return findInTables(this.db, markers);
  }

  /** Every row of every table, as text, for "nothing else changed" comparisons. */
  async snapshot(exceptTables: readonly string[] = []): Promise<Record<string, string>> {
    const { rows: tables } = await this.db.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
    );
    const out: Record<string, string> = {};
    for (const { table_name } of tables) {
      if (exceptTables.includes(table_name)) continue;
      const { rows } = await this.db.query<{ t: string }>(`select t::text as t from ${table_name} t order by 1`);
      out[table_name] = rows.map((r) => r.t).join("\n");
    }
    return out;
  }

  /** Rows of a table that mention `id` anywhere (as text). */
  async rowsMentioning(table: string, id: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`select count(*)::int as n from ${table} t where t::text like '%' || $1 || '%'`, [id]);
    return rows[0]!.n;
  }
}

/** Record types for populate(): sealed and plain mixes of several products, and the camera's anonymizable analytics. */
export const DEFAULT_TYPES: readonly DescMessage[] = [...CANARY_TYPES, camera.ProductInteractionSchema, camera.PluginCrashReportSchema];

/**
 * Opens `engine` migrated with the cloud server's migrations for the
 * enclosing describe block; the getter yields a fresh fixture (a new
 * engine, clock and logger over the same database) or skips.
 */
export function useRights(engine: DatabaseKind, label: string): (ctx: TestContext, registry?: Registry, options?: Partial<DataRightsOptions>) => RightsFixture {
  let opened: Awaited<ReturnType<typeof openEngine>>;
  const kek = KeyEncryptionKey.generate();
  beforeAll(async () => {
    opened = await openEngine(engine, label, { migrated: false });
    if (opened) await migrate(opened.db, cloudMigrations);
  }, 120_000);
  afterAll(async () => {
    await closeEngine(opened);
  }, 60_000);
  return (ctx, registry, options) => {
    if (!opened) ctx.skip(`${engine} unavailable`);
    return new RightsFixture(opened!.db, registry, options, kek);
  };
}

/** Everything an async iterable yields (Array.fromAsync is not in Node 20). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
