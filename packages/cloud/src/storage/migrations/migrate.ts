import { createHash } from "node:crypto";
import { advisoryLockKey } from "../database/advisory-lock-key.js";
import type { Database } from "../database/database.js";
import { MigrationError } from "../errors/migration-error.js";
import { allMigrations } from "./all-migrations.js";
import type { Migration } from "./migration.js";

/** What {@link migrate} did. */
export interface MigrationReport {
  /** Versions applied by this call, in order. */
  readonly applied: readonly number[];
  /** Versions that were already in place. */
  readonly alreadyApplied: readonly number[];
}

/** The checksum recorded for a migration: its statements, as written. */
export function migrationChecksum(migration: Migration): string {
  const hash = createHash("sha256");
  for (const statement of migration.statements) hash.update(statement).update("\0");
  return hash.digest("hex");
}

/**
 * The migrations by version. A list may name the same migration twice (the
 * server's list spelled out a migration that is now also in the default
 * list); the same version with other statements is refused, as a database
 * holding either would be.
 */
function uniqueByVersion(migrations: readonly Migration[]): Map<number, Migration> {
  const byVersion = new Map<number, Migration>();
  for (const migration of migrations) {
    const seen = byVersion.get(migration.version);
    if (seen && seen !== migration && migrationChecksum(seen) !== migrationChecksum(migration)) {
      throw new MigrationError("CHECKSUM_MISMATCH", migration.version);
    }
    byVersion.set(migration.version, seen ?? migration);
  }
  return byVersion;
}

/**
 * Brings the database's schema up to date: applies, in one transaction and
 * in version order, every migration not yet recorded in
 * datapact_schema_migrations. Idempotent. Runs under a transaction-level
 * advisory lock for the database's schema, so processes that migrate at
 * the same moment take turns and the later ones find nothing to do.
 *
 * Throws MigrationError when an applied migration's checksum differs from
 * the code's, or the database knows a version the code does not (it was
 * migrated by newer code), or `migrations` holds one version twice with
 * different statements; nothing is changed then.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = allMigrations): Promise<MigrationReport> {
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1, $2)", advisoryLockKey("migrate", db.schema));
    await tx.query(`create table if not exists datapact_schema_migrations (
      version int not null primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await tx.query<{ version: number; checksum: string }>("select version, checksum from datapact_schema_migrations order by version");
    const known = uniqueByVersion(migrations);
    const recorded = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const [version, checksum] of recorded) {
      const migration = known.get(version);
      if (!migration) throw new MigrationError("UNKNOWN_VERSION", version);
      if (migrationChecksum(migration) !== checksum) throw new MigrationError("CHECKSUM_MISMATCH", version);
    }
    const applied: number[] = [];
    for (const migration of [...known.values()].sort((a, b) => a.version - b.version)) {
      if (recorded.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query("insert into datapact_schema_migrations (version, name, checksum) values ($1, $2, $3)", [
        migration.version,
        migration.name,
        migrationChecksum(migration),
      ]);
      applied.push(migration.version);
    }
    return { applied, alreadyApplied: [...recorded.keys()] };
  });
}
