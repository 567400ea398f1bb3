import { describe, expect, it } from "vitest";
import { allMigrations, cloudMigrations, migrate, MigrationError, openDatabase, platformServicesMigration, type Database, type Migration } from "../../src/index.js";
import { closeEngine, ENGINES, openEngine, PG_URL, postgresReachable } from "./engines.js";

const EXPECTED_TABLES = [
  "analytics_events",
  "anonymized_records",
  "consent_receipts",
  "datapact_schema_migrations",
  "deletion_jobs",
  "device_actions",
  "device_commands",
  "devices",
  "function_switches",
  "manufacturer_credentials",
  "manufacturer_products",
  "manufacturers",
  "pairwise_ids",
  "records",
  "retired_devices",
  "revoked_install_tokens",
  "shares",
  "subject_keys",
  "subjects",
  "upload_switches",
  "withdrawn_products",
];

const VERSIONS = allMigrations.map((m) => m.version);
/** A version after every known one, for probe migrations. */
const NEXT_VERSION = Math.max(...VERSIONS) + 1;

async function tablesOf(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = current_schema() order by table_name",
  );
  return rows.map((r) => r.table_name);
}

async function recordedVersions(db: Database): Promise<number[]> {
  const { rows } = await db.query<{ version: number }>("select version from datapact_schema_migrations order by version");
  return rows.map((r) => r.version);
}

describe.each(ENGINES)("migrate on %s", { timeout: 60_000 }, (engine) => {
  it("creates every table once and is idempotent", async (ctx) => {
    const opened = await openEngine(engine, "migrate", { migrated: false });
    if (!opened) return ctx.skip();
    try {
      const first = await migrate(opened.db);
      expect(first.applied).toEqual(VERSIONS);
      expect(await tablesOf(opened.db)).toEqual(EXPECTED_TABLES);
      const second = await migrate(opened.db);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(VERSIONS);
      expect(await recordedVersions(opened.db)).toEqual(VERSIONS);
    } finally {
      await closeEngine(opened);
    }
  });

  it("brings a database the server migrated up to date with the defaults, and takes the server's list as the same history", async (ctx) => {
    const opened = await openEngine(engine, "migrate_srv", { migrated: false });
    if (!opened) return ctx.skip();
    try {
      const byServer = await migrate(opened.db, cloudMigrations);
      expect(byServer.applied).toEqual(VERSIONS);
      expect(VERSIONS).toContain(platformServicesMigration.version);
      const byDefault = await migrate(opened.db);
      expect(byDefault.applied).toEqual([]);
      expect(await tablesOf(opened.db)).toEqual(EXPECTED_TABLES);

      // The same version twice with other statements is refused before anything runs.
      const clash: Migration = { ...platformServicesMigration, statements: ["create table clash_probe (n int)"] };
      const refused = await migrate(opened.db, [...allMigrations, clash]).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(MigrationError);
      expect((refused as MigrationError).problem).toBe("CHECKSUM_MISMATCH");
      expect((refused as MigrationError).version).toBe(platformServicesMigration.version);
      expect(await tablesOf(opened.db)).not.toContain("clash_probe");
    } finally {
      await closeEngine(opened);
    }
  });

  it("lets concurrent migrations take turns: each version applied exactly once", async (ctx) => {
    const opened = await openEngine(engine, "migrate_conc", { migrated: false });
    if (!opened) return ctx.skip();
    // PostgreSQL: separate pools, as separate processes would have. PGlite has
    // one connection per data directory, so concurrency is within one instance.
    const others: Database[] =
      engine === "postgres" ? await Promise.all([1, 2, 3].map(() => openDatabase({ url: PG_URL, schema: opened.schema }))) : [opened.db, opened.db, opened.db];
    try {
      const reports = await Promise.all([opened.db, ...others].map((db) => migrate(db)));
      const appliedCounts = reports.map((r) => r.applied.length);
      expect(appliedCounts.filter((n) => n > 0)).toEqual([allMigrations.length]);
      expect(await recordedVersions(opened.db)).toEqual(VERSIONS);
    } finally {
      if (engine === "postgres") for (const db of others) await db.close();
      await closeEngine(opened);
    }
  });

  it("applies a later migration in order and refuses an edited or unknown history without changing anything", async (ctx) => {
    const opened = await openEngine(engine, "migrate_hist", { migrated: false });
    if (!opened) return ctx.skip();
    const db = opened.db;
    try {
      const extra: Migration = { version: NEXT_VERSION, name: "probe", statements: ["create table migration_probe (n int)"] };
      const report = await migrate(db, [...allMigrations, extra]);
      expect(report.applied).toEqual([...VERSIONS, extra.version]);

      const edited: Migration = { ...extra, statements: ["create table migration_probe (n bigint)"] };
      const mismatch = await migrate(db, [...allMigrations, edited]).catch((e: unknown) => e);
      expect(mismatch).toBeInstanceOf(MigrationError);
      expect((mismatch as MigrationError).problem).toBe("CHECKSUM_MISMATCH");

      const unknown = await migrate(db).catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(MigrationError);
      expect((unknown as MigrationError).problem).toBe("UNKNOWN_VERSION");
      expect((unknown as MigrationError).version).toBe(extra.version);

      const broken: Migration = { version: extra.version + 1, name: "broken", statements: ["create table half_done (n int)", "select * from no_such_table"] };
      await expect(migrate(db, [...allMigrations, extra, broken])).rejects.toThrow();
      expect(await tablesOf(db)).not.toContain("half_done");
      expect(await recordedVersions(db)).toEqual([...VERSIONS, extra.version]);
    } finally {
      await closeEngine(opened);
    }
  });
});

describe("the PostgreSQL check", () => {
  it("reports whether the server answers", async () => {
    const ok = await postgresReachable();
    if (!ok) console.log("PostgreSQL unreachable: its engine's tests print that they skipped");
    expect(typeof ok).toBe("boolean");
  });
});
