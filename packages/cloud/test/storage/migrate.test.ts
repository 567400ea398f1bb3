import { describe, expect, it } from "vitest";
import { allMigrations, migrate, MigrationError, openDatabase, type Database, type Migration } from "../../src/index.js";
import { closeEngine, ENGINES, openEngine, PG_URL, postgresReachable } from "./engines.js";

const EXPECTED_TABLES = [
  "analytics_events",
  "consent_receipts",
  "datapact_schema_migrations",
  "device_commands",
  "devices",
  "function_switches",
  "manufacturers",
  "pairwise_ids",
  "records",
  "shares",
  "subject_keys",
  "subjects",
  "upload_switches",
];

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
      expect(first.applied).toEqual(allMigrations.map((m) => m.version));
      expect(await tablesOf(opened.db)).toEqual(EXPECTED_TABLES);
      const second = await migrate(opened.db);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(allMigrations.map((m) => m.version));
      expect(await recordedVersions(opened.db)).toEqual(allMigrations.map((m) => m.version));
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
      expect(await recordedVersions(opened.db)).toEqual(allMigrations.map((m) => m.version));
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
      const extra: Migration = { version: allMigrations.length + 1, name: "probe", statements: ["create table migration_probe (n int)"] };
      const report = await migrate(db, [...allMigrations, extra]);
      expect(report.applied).toEqual([...allMigrations.map((m) => m.version), extra.version]);

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
      expect(await recordedVersions(db)).toEqual([...allMigrations.map((m) => m.version), extra.version]);
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
