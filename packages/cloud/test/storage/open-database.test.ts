import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createSubject, DatabaseQueryError, databaseOptionsFromEnv, findSubject, InvalidDatabaseOptionsError, migrate, openDatabase } from "../../src/index.js";
import { ENGINES, useEngine } from "./engines.js";

describe("openDatabase options", () => {
  it.each([
    [{ url: "mysql://localhost/x" }, "url"],
    [{ url: "postgres://h/db", dataDir: "/tmp/x" }, "dataDir"],
    [{ url: "postgres://h/db", poolSize: 0 }, "poolSize"],
    [{ schema: "Robert'); drop table subjects;--" }, "schema"],
    [{ schema: "pg_catalog" }, "schema"],
    [{ schema: "" }, "schema"],
    [{ dataDir: "" }, "dataDir"],
  ])("refuses %j with a typed error naming %s", async (options, option) => {
    const err = await openDatabase(options as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidDatabaseOptionsError);
    expect((err as InvalidDatabaseOptionsError).option).toBe(option);
    expect((err as InvalidDatabaseOptionsError).code).toBe("INVALID_DATABASE_OPTIONS");
  });

  it("never quotes the URL, which can carry a password", async () => {
    const err = (await openDatabase({ url: "mysql://user:hunter2@db/x" }).catch((e: unknown) => e)) as Error;
    expect(err.message).not.toContain("hunter2");
  });

  it("reads DATABASE_URL only when asked to", () => {
    expect(databaseOptionsFromEnv({ DATABASE_URL: "postgres://h/db" })).toEqual({ url: "postgres://h/db" });
    expect(databaseOptionsFromEnv({})).toEqual({});
  });
});

describe("PGlite in a data directory", () => {
  it("keeps what was written across close and reopen", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "datapact-pglite-"));
    try {
      const first = await openDatabase({ dataDir: dir, schema: "persisted" });
      await migrate(first);
      const subject = await createSubject(first, "eu");
      await first.close();
      const second = await openDatabase({ dataDir: dir, schema: "persisted" });
      expect((await migrate(second)).applied).toEqual([]);
      expect((await findSubject(second, subject))?.region).toBe("eu");
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.each(ENGINES)("Database on %s", { timeout: 60_000 }, (engine) => {
  const database = useEngine(engine, "opendb");

  it("works in its own schema on every connection", async (ctx) => {
    const db = database(ctx);
    // More concurrent queries than one connection, so a pool opens several.
    const results = await Promise.all(Array.from({ length: 12 }, () => db.query<{ s: string }>("select current_schema() as s")));
    expect(new Set(results.map((r) => r.rows[0]!.s))).toEqual(new Set([db.schema]));
  });

  it("commits a transaction that resolves and rolls back one that throws", async (ctx) => {
    const db = database(ctx);
    await db.query("create table if not exists tx_probe (n int primary key)");
    await db.transaction(async (tx) => {
      await tx.query("insert into tx_probe values (1)");
    });
    const boom = new Error("callback failed");
    await expect(
      db.transaction(async (tx) => {
        await tx.query("insert into tx_probe values (2)");
        throw boom;
      }),
    ).rejects.toBe(boom);
    const { rows } = await db.query<{ n: number }>("select n from tx_probe order by n");
    expect(rows.map((r) => r.n)).toEqual([1]);
  });

  it("nests transactions as savepoints: an inner failure undoes only the inner work", async (ctx) => {
    const db = database(ctx);
    await db.query("create table if not exists tx_nest (n int primary key)");
    await db.transaction(async (tx) => {
      expect(tx.inTransaction).toBe(true);
      await tx.query("insert into tx_nest values (10)");
      await tx
        .transaction(async (inner) => {
          await inner.query("insert into tx_nest values (11)");
          throw new Error("inner");
        })
        .catch(() => {});
      await tx.transaction(async (inner) => {
        await inner.query("insert into tx_nest values (12)");
      });
    });
    const { rows } = await db.query<{ n: number }>("select n from tx_nest order by n");
    expect(rows.map((r) => r.n)).toEqual([10, 12]);
  });

  it("turns server errors into DatabaseQueryError without the offending values", async (ctx) => {
    const db = database(ctx);
    await db.query("create table if not exists err_probe (email text primary key)");
    await db.query("insert into err_probe values ($1)", ["alice@example.com"]);
    const err = (await db.query("insert into err_probe values ($1)", ["alice@example.com"]).catch((e: unknown) => e)) as DatabaseQueryError;
    expect(err).toBeInstanceOf(DatabaseQueryError);
    expect(err.sqlState).toBe("23505");
    expect(err.constraint).toBe("err_probe_pkey");
    expect(inspect(err, { depth: 5 })).not.toContain("alice@example.com");
    const cast = (await db.query("select $1::int", ["alice@example.com"]).catch((e: unknown) => e)) as DatabaseQueryError;
    expect(cast.sqlState).toBe("22P02");
    expect(inspect(cast, { depth: 5 })).not.toContain("alice");
  });

  it("returns bytea as bytes, int[] as numbers and timestamptz as Date on both engines", async (ctx) => {
    const db = database(ctx);
    const { rows } = await db.query<{ b: Uint8Array; a: number[]; t: Date }>("select $1::bytea as b, '{1,2,3}'::int[] as a, now() as t", [
      new Uint8Array([0, 1, 255]),
    ]);
    expect(Array.from(rows[0]!.b)).toEqual([0, 1, 255]);
    expect(rows[0]!.a).toEqual([1, 2, 3]);
    expect(rows[0]!.t).toBeInstanceOf(Date);
  });

  it("keeps a statement prepared under its name on PostgreSQL, and runs it with new parameters each time", async (ctx) => {
    const db = database(ctx);
    const sql = "select $1::int + 1 as n";
    await db.transaction(async (tx) => {
      for (const n of [1, 41, -3]) {
        const { rows } = await tx.query<{ n: number }>(sql, [n], { prepareAs: "datapact-test-add-one" });
        expect(rows[0]!.n).toBe(n + 1);
      }
      const { rows: prepared } = await tx.query<{ name: string }>("select name from pg_prepared_statements where name = $1", ["datapact-test-add-one"]);
      // PGlite runs in this process: there is no connection to keep it on.
      expect(prepared.length).toBe(engine === "postgres" ? 1 : 0);
      const err = (await tx.query(sql, ["alice@example.com"], { prepareAs: "datapact-test-add-one" }).catch((e: unknown) => e)) as DatabaseQueryError;
      expect(err).toBeInstanceOf(DatabaseQueryError);
      expect(err.sqlState).toBe("22P02");
      expect(inspect(err, { depth: 5 })).not.toContain("alice");
    }).catch((err: unknown) => {
      // The failed statement aborts the transaction, so its commit fails: expected.
      expect(err).toBeInstanceOf(DatabaseQueryError);
    });
    // Outside a transaction, through the pool, the name works the same.
    expect((await db.query<{ n: number }>(sql, [9], { prepareAs: "datapact-test-add-one" })).rows[0]!.n).toBe(10);
  });
});
