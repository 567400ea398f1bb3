import { create } from "@bufbuild/protobuf";
import { createCloudServer, KeyEncryptionKey, type CloudLogger, type CloudServer, type Database, type StorageLocation } from "@datapact/cloud";
import { conformance, Tier } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import type { TesteeClock } from "../clock/testee-clock.js";
import type { DatabaseTarget } from "./database-target.js";

const MIGRATION_TABLE = "datapact_schema_migrations";
/** User tokens outlive any clock the kit advances (181 days and more): the dev identity provider has no re-login. */
const TOKEN_TTL_MS = 10 * 365 * 86_400_000;
const utf8 = new TextEncoder();

/** Options of {@link CloudTier.start}. */
export interface CloudTierOptions {
  readonly target: DatabaseTarget;
  readonly clock: TesteeClock;
  readonly logger: CloudLogger;
  /** The factory master key devices' factory keys derive from (the platform "made" the hardware). */
  readonly factoryMasterKey: Uint8Array;
  /** The one storage location the node serves (createCloudServer's `location`); unset: every region. */
  readonly location?: StorageLocation;
}

/**
 * The testee's cloud: the reference cloud server (`createCloudServer`) on
 * 127.0.0.1 over its own database, with secrets made for this process. It
 * lives as long as the testee process; a reset empties every table (the
 * migration history aside) so each scenario starts from nothing while the
 * URL the kit proxies stays the same.
 */
export class CloudTier {
  private constructor(
    readonly server: CloudServer,
    private readonly target: DatabaseTarget,
  ) {}

  static async start(options: CloudTierOptions): Promise<CloudTier> {
    const server = await createCloudServer({
      database: options.target.db,
      location: options.location,
      logger: options.logger,
      clock: { now: options.clock.now },
      kek: KeyEncryptionKey.generate(),
      secrets: { pairwise: new Uint8Array(randomBytes(32)), userTokens: new Uint8Array(randomBytes(32)), factoryMasterKey: options.factoryMasterKey },
      userTokenTtlMs: TOKEN_TTL_MS,
    });
    return new CloudTier(server, options.target);
  }

  /** Where the cloud serves Connect, gRPC and gRPC-Web. */
  get url(): string {
    return this.server.url;
  }

  get db(): Database {
    return this.target.db;
  }

  /** The database the kit may scan. */
  get databaseUrl(): string {
    return this.target.url;
  }

  /** Empties every table but the migration history. */
  async reset(): Promise<void> {
    const tables = await this.tableNames();
    const data = tables.filter((t) => t !== MIGRATION_TABLE);
    await this.target.emptyTables(data.map(quoted));
  }

  /** Every table of the cloud's schema with its columns and rows, as stored (binary columns as bytes, the rest as text). */
  async tables(): Promise<conformance.StoredTable[]> {
    const out: conformance.StoredTable[] = [];
    // Every table's columns in one query: information_schema is slow to ask, once per table it was most of a dump.
    const { rows: allColumns } = await this.db.query<{ table_name: string; column_name: string; data_type: string }>(
      "select table_name, column_name, data_type from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position",
    );
    const columnsOf = new Map<string, { column_name: string; data_type: string }[]>();
    for (const c of allColumns) columnsOf.set(c.table_name, [...(columnsOf.get(c.table_name) ?? []), c]);
    for (const table of await this.tableNames()) {
      const columns = columnsOf.get(table) ?? [];
      const select = columns.map((c) => (c.data_type === "bytea" ? quoted(c.column_name) : `${quoted(c.column_name)}::text`)).join(", ");
      const { rows } = await this.db.query<Record<string, unknown>>(`select ${select} from ${quoted(table)}`);
      out.push(
        create(conformance.StoredTableSchema, {
          tier: Tier.CLOUD,
          name: table,
          columns: columns.map((c) => c.column_name),
          rows: rows.map((row) => ({ cells: columns.map((c) => cellBytes(row[c.column_name])) })),
        }),
      );
    }
    return out;
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.target.close();
  }

  private async tableNames(): Promise<string[]> {
    const { rows } = await this.db.query<{ tablename: string }>("select tablename from pg_catalog.pg_tables where schemaname = current_schema() order by tablename");
    return rows.map((r) => r.tablename);
  }
}

function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function cellBytes(value: unknown): Uint8Array {
  if (value === null || value === undefined) return new Uint8Array();
  if (value instanceof Uint8Array) return value;
  return utf8.encode(String(value));
}
