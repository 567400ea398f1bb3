import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScalarType } from "@bufbuild/protobuf";
import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayable } from "@datapact/arbitrary";
import { Canary } from "../../src/canary/canary.js";
import { findCanaries } from "../../src/canary/find-canaries.js";
import { DatabaseScanError, scanDatabase } from "../../src/observe/database/index.js";

const pgUrl = process.env.DATAPACT_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** One table per way a testee might keep a value; `plant` gives the SQL literal that stores the canary there. */
const COLUMNS: { table: string; column: string; type: string; plant: (c: Canary) => string }[] = [
  { table: "records", column: "body", type: "text", plant: (c) => `'prefix ${c.value as string} suffix'` },
  { table: "records", column: "note", type: "varchar(200)", plant: (c) => `'${c.value as string}'` },
  { table: "events", column: "payload", type: "jsonb", plant: (c) => `'{"b64": "${Buffer.from(`k=${c.value as string}`).toString("base64")}"}'` },
  { table: "events", column: "blob", type: "bytea", plant: (c) => `'\\x00ff${Buffer.from(c.value as string).toString("hex")}'::bytea` },
  { table: "queue", column: "items", type: "text[]", plant: (c) => `ARRAY['a', '${c.value as string}']` },
  { table: "Mixed Case", column: "Weird \"col\"", type: "text", plant: (c) => `'${(c.value as string).toUpperCase()}${c.value as string}'` },
];

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function createSql(schema: string): string {
  const tables = new Map<string, string[]>();
  for (const c of COLUMNS) tables.set(c.table, [...(tables.get(c.table) ?? []), `${quote(c.column)} ${c.type}`]);
  return [`CREATE SCHEMA ${quote(schema)}`, ...[...tables].map(([t, cols]) => `CREATE TABLE ${quote(schema)}.${quote(t)} (id serial, ${cols.join(", ")}, n bigint)`)].join(";\n");
}

function insertSql(schema: string, target: (typeof COLUMNS)[number], canary: Canary): string {
  return `INSERT INTO ${quote(schema)}.${quote(target.table)} (${quote(target.column)}) VALUES (${target.plant(canary)})`;
}

describe("database scanner on PGlite", () => {
  let dir: string;
  let live: PGlite;
  const canaries = new Map<string, Canary>();
  const number = Canary.mint("queue.n", { scalar: ScalarType.INT64 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "datapact-pglite-"));
    live = new PGlite(dir);
    await live.exec(createSql("app"));
    for (const c of COLUMNS) {
      const canary = Canary.mint(`${c.table}.${c.column}`);
      canaries.set(`db:app.${c.table}.${c.column}`, canary);
      await live.exec(insertSql("app", c, canary));
    }
    await live.exec(`INSERT INTO app.queue (n) VALUES (${number.value as bigint})`);
  }, 60_000);

  afterAll(async () => {
    await live?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("finds the marker planted in each table and column, in that cell's sink, while the testee keeps the database open", async () => {
    const observations = await scanDatabase(dir);
    const hits = findCanaries(observations, [...canaries.values(), number]);
    for (const [sink, canary] of canaries) expect(hits.filter((h) => h.canary === canary).map((h) => h.sink)).toEqual(expect.arrayContaining([sink]));
    for (const h of hits) if (h.canary !== number) expect(h.sink).toBe([...canaries].find(([, c]) => c === h.canary)![0]);
    expect(hits.find((h) => h.canary === number)?.sink).toBe("db:app.queue.n");
    expect(observations.every((o) => o.detail?.startsWith("row "))).toBe(true);
  }, 60_000);

  it("leaves the original data directory as it was", async () => {
    const before = await live.query<{ n: number }>("SELECT count(*)::int AS n FROM app.records");
    await scanDatabase(`file://${dir}`);
    const after = await live.query<{ n: number }>("SELECT count(*)::int AS n FROM app.records");
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  }, 60_000);

  it("finds what only the WAL holds, after checkpoints and segment switches (the copy keeps only the WAL recovery replays)", async () => {
    const walDir = await mkdtemp(join(tmpdir(), "datapact-pglite-wal-"));
    const wal = new PGlite(walDir);
    try {
      await wal.exec("CREATE TABLE notes (body text)");
      const early = Canary.mint("notes.early");
      const late = Canary.mint("notes.late");
      await wal.exec(`INSERT INTO notes VALUES ('${early.value as string}')`);
      // Older segments stay behind for the kit to leave out; the redo point moves past them.
      for (let i = 0; i < 3; i++) await wal.query("SELECT pg_switch_wal()");
      await wal.exec("CHECKPOINT");
      await wal.query("SELECT pg_switch_wal()");
      // Written after the last checkpoint: in the WAL, perhaps not yet in the table's file.
      await wal.exec(`INSERT INTO notes VALUES ('${late.value as string}')`);
      expect((await readdir(join(walDir, "pg_wal"))).filter((f) => /^[0-9A-F]{24}$/.test(f)).length).toBeGreaterThan(1);
      const hits = findCanaries(await scanDatabase(walDir), [early, late]);
      expect(hits.map((h) => [h.canary, h.sink])).toEqual(expect.arrayContaining([[early, "db:public.notes.body"], [late, "db:public.notes.body"]]));
    } finally {
      await wal.close();
      await rm(walDir, { recursive: true, force: true });
    }
  }, 60_000);

  it("a missing directory or an unknown URL is a typed error", async () => {
    await expect(scanDatabase(join(dir, "nope"))).rejects.toMatchObject({ name: "DatabaseScanError", code: "unreachable" });
    await expect(scanDatabase("mysql://root@localhost/x")).rejects.toBeInstanceOf(DatabaseScanError);
  });
});

describe("database scanner on PostgreSQL", () => {
  const schema = `dp_scan_${process.pid}_${randomBytes(4).toString("hex")}`;
  let client: pg.Client | undefined;
  let unreachable = false;

  beforeAll(async () => {
    const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3_000 });
    c.on("error", () => {});
    try {
      await c.connect();
      client = c;
      await client.query(createSql(schema));
    } catch {
      unreachable = true;
      console.log(`[skip] PostgreSQL at ${pgUrl} is unreachable: skipping the PostgreSQL scanner tests`);
    }
  });

  afterAll(async () => {
    if (!client) return;
    await client.query(`DROP SCHEMA IF EXISTS ${quote(schema)} CASCADE`);
    await client.end();
  });

  it("property: a marker planted in any table and column is found there and nowhere else", async (ctx) => {
    if (unreachable) return ctx.skip();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...COLUMNS), async (target) => {
        const canary = Canary.mint(`${target.table}.${target.column}`);
        await client!.query(insertSql(schema, target, canary));
        const observations = await scanDatabase(pgUrl, { includeSchema: (s) => s === schema });
        const sinks = new Set(findCanaries(observations, [canary]).map((h) => h.sink));
        expect(sinks).toEqual(new Set([`db:${schema}.${target.table}.${target.column}`]));
      }),
      { ...replayable("a marker in any PostgreSQL column is found in that column", 12) },
    );
  }, 120_000);

  it("scans every non-system schema by default and never writes", async (ctx) => {
    if (unreachable) return ctx.skip();
    const canary = Canary.mint("records.body");
    await client!.query(insertSql(schema, COLUMNS[0]!, canary));
    const count = async () => (await client!.query(`SELECT count(*)::int AS n FROM ${quote(schema)}.records`)).rows[0].n as number;
    const before = await count();
    const observations = await scanDatabase(pgUrl);
    expect(findCanaries(observations, [canary]).map((h) => h.sink)).toContain(`db:${schema}.records.body`);
    expect(observations.some((o) => o.sink.startsWith("db:pg_catalog.") || o.sink.startsWith("db:information_schema."))).toBe(false);
    expect(await count()).toBe(before);
  }, 120_000);

  it("a server that refuses connections is unreachable, and the message hides the password", async () => {
    const error = await scanDatabase("postgres://user:s3cret@127.0.0.1:1/x").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "DatabaseScanError", code: "unreachable" });
    expect((error as Error).message).not.toContain("s3cret");
  });
});
