// Opens the two engines for tests: embedded PGlite and the real PostgreSQL
// (DATAPACT_PG_URL). Each suite works in a schema of its own, dropped
// afterwards, so concurrent runs never see each other's rows.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, type TestContext } from "vitest";
import { migrate, openDatabase, type Database, type DatabaseKind } from "../../src/index.js";

export const PG_URL = process.env.DATAPACT_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
export const ENGINES: readonly DatabaseKind[] = ["pglite", "postgres"];

/** A schema name no other run uses. */
export function uniqueSchema(label: string): string {
  return `dp_${label}_${process.pid}_${randomBytes(4).toString("hex")}`.slice(0, 63);
}

/** The server's URL with any password replaced, for messages. */
function safeUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

let reachable: Promise<boolean> | undefined;

/** Whether the PostgreSQL server answers (checked once per process). */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

/** Drops a schema on the PostgreSQL server through a connection of its own. */
export async function dropPostgresSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Opens `engine` in a fresh schema (migrated unless `migrated: false`), or
 * undefined after printing why when PostgreSQL is unreachable.
 */
export async function openEngine(engine: DatabaseKind, label: string, options: { migrated?: boolean } = {}): Promise<{ db: Database; schema: string } | undefined> {
  const schema = uniqueSchema(label);
  if (engine === "postgres") {
    if (!(await postgresReachable())) {
      console.log(`[${label}] skipped on PostgreSQL: ${safeUrl(PG_URL)} is unreachable (set DATAPACT_PG_URL)`);
      return undefined;
    }
  }
  const db = await openDatabase(engine === "postgres" ? { url: PG_URL, schema } : { schema });
  if (options.migrated !== false) await migrate(db);
  return { db, schema };
}

/** Closes what openEngine opened and drops its schema. */
export async function closeEngine(opened: { db: Database; schema: string } | undefined): Promise<void> {
  if (!opened) return;
  await opened.db.close();
  if (opened.db.kind === "postgres") await dropPostgresSchema(opened.schema);
}

/**
 * Registers hooks that open `engine` for the enclosing describe block and
 * returns a getter for tests: it yields the database, or skips the test
 * (the reason was printed once) when the engine is unavailable.
 */
export function useEngine(engine: DatabaseKind, label: string): (ctx: TestContext) => Database {
  let opened: { db: Database; schema: string } | undefined;
  beforeAll(async () => {
    opened = await openEngine(engine, label);
  }, 60_000);
  afterAll(async () => {
    await closeEngine(opened);
  }, 60_000);
  return (ctx) => {
    if (!opened) ctx.skip(`${engine} unavailable`);
    return opened!.db;
  };
}
