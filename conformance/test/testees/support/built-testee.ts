import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { packageDir } from "../../support/paths.js";

const run = promisify(execFile);

/** The PostgreSQL server tests may use (DATAPACT_PG_URL, or the local default). */
export const PG_URL = process.env.DATAPACT_PG_URL || "postgres://postgres@127.0.0.1:5432/test";

/** The reference testee, built for one test file. */
export interface BuiltTestee {
  /** The shell command that starts it (with `--database-url` when PostgreSQL answers), with `args` appended, quoted. */
  command(...args: string[]): string;
  /** Its environment. */
  readonly env: NodeJS.ProcessEnv;
  /** "postgres" when the testee makes its database on PostgreSQL, "pglite" when PostgreSQL is unreachable. */
  readonly engine: "postgres" | "pglite";
  remove(): Promise<void>;
}

let reachable: Promise<boolean> | undefined;

/** Whether the PostgreSQL server answers (once per process). */
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

function quoted(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Bundles the reference testee into a directory of its own (under
 * conformance/testees/dist/, so the bundle resolves the kit's
 * node_modules and no other test's build is touched) and says how to start
 * it: on PostgreSQL when the server answers (each testee process makes a
 * fresh database there), else on an embedded PGlite.
 */
export async function buildReferenceTestee(): Promise<BuiltTestee> {
  const dir = join(packageDir, "testees", "dist", `test-${process.pid}-${randomBytes(4).toString("hex")}`);
  await run(process.execPath, [join(packageDir, "testees", "build-testees.mjs"), dir], { cwd: packageDir });
  const postgres = await postgresReachable();
  const database = postgres ? ["--database-url", PG_URL] : [];
  return {
    command: (...args) => [process.execPath, join(dir, "main.js"), ...database, ...args].map(quoted).join(" "),
    env: process.env,
    engine: postgres ? "postgres" : "pglite",
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Builds the reference testee once for the calling test file (before its
 * tests, removed after them) and returns how to reach it.
 */
export function useBuiltReferenceTestee(): () => BuiltTestee {
  let built: BuiltTestee | undefined;
  beforeAll(async () => {
    built = await buildReferenceTestee();
  }, 120_000);
  afterAll(async () => {
    await built?.remove();
  });
  return () => {
    if (!built) throw new Error("the reference testee is built in beforeAll");
    return built;
  };
}
