import { cp, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "@datapact/cloud";
import pg from "pg";
import { makeScratchDir } from "../scratch/scratch-root.js";

/**
 * Where the reference cloud keeps its data, made for this testee process
 * alone and removed when it exits:
 * - by default an embedded PGlite in a data directory under scratchRoot()
 *   (the kit scans a copy of it);
 * - given a `postgres://` URL, a fresh database created on that server
 *   (`datapact_ref_<pid>_<random>`), so the kit's scan of "every table"
 *   sees this testee's tables and nothing of other runs; where the role
 *   may not create databases, a fresh schema in the given one.
 */
export interface DatabaseTarget {
  readonly db: Database;
  /** What `describe` and `dump` report as database_url: the data directory, or the database's URL. */
  readonly url: string;
  /** Empties `tables` (quoted names, every table but the migration history) for a reset. */
  emptyTables(tables: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * `count` embedded PGlites, each in a fresh directory under scratchRoot(). initdb
 * runs once: making a cluster costs seconds of CPU, copying a shut-down one
 * and opening the copy a fraction of one, and every node of the testee
 * starts from the same empty cluster anyway.
 */
export async function pgliteTargets(count: number): Promise<DatabaseTarget[]> {
  if (count === 0) return [];
  const first = await makeScratchDir("db");
  const dirs = [first];
  try {
    await (await openDatabase({ dataDir: first })).close();
    for (let i = 1; i < count; i++) {
      const dir = await makeScratchDir("db");
      dirs.push(dir);
      await cp(first, dir, { recursive: true });
    }
  } catch (err) {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    throw err;
  }
  const opened = await Promise.allSettled(dirs.map((dir) => pgliteTarget(dir)));
  const failed = opened.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await Promise.all(opened.map((r) => (r.status === "fulfilled" ? r.value.close() : undefined)));
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    throw failed.reason;
  }
  return opened.map((r) => (r as PromiseFulfilledResult<DatabaseTarget>).value);
}

/** An embedded PGlite in the data directory `dir`, removed on close. */
async function pgliteTarget(dir: string): Promise<DatabaseTarget> {
  const db = await openDatabase({ dataDir: dir });
  return {
    db,
    url: dir,
    /**
     * DELETE, VACUUM and CHECKPOINT rather than TRUNCATE: TRUNCATE gives
     * every table and index new files, which PGlite's file system creates
     * one by one on disk (slow), and leaves the old ones behind (empty)
     * until a checkpoint, which PGlite never takes on its own; after a few
     * hundred resets the directory held tens of thousands of files and a
     * growing WAL, and each snapshot the kit takes of it (and the WAL it
     * replays when opening one) cost seconds. All the deletes are one
     * statement, so foreign keys are checked once every table is empty;
     * VACUUM gives the emptied pages back and the checkpoint lets the WAL
     * be recycled.
     */
    async emptyTables(tables) {
      if (tables.length === 0) return;
      await db.query(`with ${tables.map((t, i) => `emptied_${i} as (delete from ${t})`).join(", ")} select 1`);
      await db.query(`vacuum ${tables.join(", ")}`);
      await db.query("checkpoint");
    },
    async close() {
      await db.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh database (or schema) on the PostgreSQL server at `serverUrl`. */
export async function postgresTarget(serverUrl: string): Promise<DatabaseTarget> {
  const name = `datapact_ref_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  admin.on("error", () => {});
  await admin.connect();
  let created = false;
  try {
    // Concurrent CREATE DATABASEs can collide on the template: try a few times.
    for (let attempt = 0; attempt < 4 && !created; attempt++) {
      try {
        await admin.query(`create database ${name}`);
        created = true;
      } catch (err) {
        // 42501: no CREATEDB privilege, a schema of our own in the given database instead.
        if ((err as { code?: string }).code === "42501") break;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
      }
    }
  } finally {
    await admin.end().catch(() => {});
  }
  if (created) {
    const url = withDatabase(serverUrl, name);
    const db = await openDatabase({ url, poolSize: 4 });
    return {
      db,
      url,
      async emptyTables(tables) {
        if (tables.length > 0) await db.query(`truncate table ${tables.join(", ")} restart identity cascade`);
      },
      async close() {
        await db.close().catch(() => {});
        const drop = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
        drop.on("error", () => {});
        try {
          await drop.connect();
          await drop.query(`drop database if exists ${name} with (force)`);
        } catch {
          // Best effort: the server may be gone already.
        } finally {
          await drop.end().catch(() => {});
        }
      },
    };
  }
  const db = await openDatabase({ url: serverUrl, schema: name, poolSize: 4 });
  return {
    db,
    url: serverUrl,
    async emptyTables(tables) {
      if (tables.length > 0) await db.query(`truncate table ${tables.join(", ")} restart identity cascade`);
    },
    async close() {
      await db.query(`drop schema if exists ${name} cascade`).catch(() => {});
      await db.close().catch(() => {});
    },
  };
}
