import { fileURLToPath } from "node:url";
import type { StepRef } from "../../protocol/step-ref.js";
import type { Observation } from "../observation.js";
import { DatabaseScanError, redactedDatabaseUrl } from "./database-scan-error.js";
import { openPgliteCopy } from "./pglite-connection.js";
import { connectPostgres } from "./postgres-connection.js";
import type { SqlConnection } from "./sql-connection.js";

/** Options of {@link scanDatabase}. */
export interface DatabaseScanOptions {
  /** Scan only the schemas this accepts. Default: every schema that is not PostgreSQL's own. */
  readonly includeSchema?: (schema: string) => boolean;
  /** The step the scan follows, stamped on every observation. */
  readonly step?: StepRef;
  /** Rows fetched per round trip. Default 1000. */
  readonly batchRows?: number;
}

interface ColumnInfo {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  readonly binary: boolean;
}

const COLUMNS_SQL = `
SELECT n.nspname, c.relname, a.attname, (t.typname = 'bytea')
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
WHERE c.relkind IN ('r', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%'
  AND n.nspname NOT LIKE 'pg\\_temp\\_%'
ORDER BY n.nspname, c.relname, a.attnum`;

/** SQLSTATEs of a table or schema dropped between listing and reading it. */
const VANISHED = new Set(["42P01", "3F000"]);

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Opens `url`: postgres:// and postgresql:// via pg; a directory (path, file: URL or pglite: prefix) as a PGlite data dir. */
export async function openDatabase(url: string): Promise<SqlConnection> {
  if (/^postgres(ql)?:\/\//.test(url)) return connectPostgres(url);
  if (url.startsWith("file:")) return openPgliteCopy(fileURLToPath(url));
  if (url.startsWith("pglite:")) return openPgliteCopy(url.slice("pglite:".length).replace(/^\/\//, ""));
  if (url.startsWith("/") || url.startsWith(".")) return openPgliteCopy(url);
  throw new DatabaseScanError("unsupported_url", `cannot scan ${redactedDatabaseUrl(url)}: expected postgres://, postgresql://, or a PGlite data directory`);
}

/**
 * Reads every column of every table of every non-system schema (on a live
 * server in a read-only transaction, through a cursor; a private copy in
 * one round trip), and returns one observation per non-null cell
 * (`db:<schema>.<table>.<column>`, detail `row <n>`). Binary columns are read
 * as their bytes, every other column as its text form, so a marker is found
 * whatever type the testee stored it as. Tables dropped while the scan runs
 * are passed over.
 */
export async function scanDatabase(url: string, options: DatabaseScanOptions = {}): Promise<Observation[]> {
  const db = await openDatabase(url);
  try {
    return await scanOpenDatabase(db, options);
  } finally {
    await db.close().catch(() => {});
  }
}

/** {@link scanDatabase} over a connection the caller opened. */
export async function scanOpenDatabase(db: SqlConnection, options: DatabaseScanOptions = {}): Promise<Observation[]> {
  const include = options.includeSchema ?? (() => true);
  const batch = options.batchRows ?? 1000;
  const readAtOnce = db.rowsOfEach?.bind(db);
  let columns: ColumnInfo[];
  try {
    if (!readAtOnce) await db.exec("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    columns = (await db.rows(COLUMNS_SQL))
      .map(([schema, table, column, binary]) => ({ schema: String(schema), table: String(table), column: String(column), binary: binary === true }))
      .filter((c) => include(c.schema));
  } catch (err) {
    if (!readAtOnce) await db.exec("ROLLBACK").catch(() => {});
    throw new DatabaseScanError("query_failed", `cannot list tables: ${(err as Error).name}`);
  }
  const tables = new Map<string, ColumnInfo[]>();
  for (const c of columns) {
    const key = `${quoteIdent(c.schema)}.${quoteIdent(c.table)}`;
    const list = tables.get(key);
    if (list) list.push(c);
    else tables.set(key, [c]);
  }
  const selectOf = (qualified: string, cols: readonly ColumnInfo[]) =>
    `SELECT ${cols.map((c) => (c.binary ? quoteIdent(c.column) : `${quoteIdent(c.column)}::text`)).join(", ")} FROM ${qualified}`;
  const observations: Observation[] = [];
  const encoder = new TextEncoder();
  const observe = (cols: readonly ColumnInfo[], rows: readonly unknown[][], rowsBefore: number) => {
    rows.forEach((row, r) => {
      row.forEach((cell, i) => {
        if (cell === null || cell === undefined) return;
        const c = cols[i]!;
        const bytes = cell instanceof Uint8Array ? cell : encoder.encode(String(cell));
        observations.push({ sink: `db:${c.schema}.${c.table}.${c.column}`, bytes, step: options.step, detail: `row ${rowsBefore + r + 1}` });
      });
    });
  };
  if (readAtOnce) {
    const listed = [...tables];
    let read: unknown[][][];
    try {
      read = await readAtOnce(listed.map(([qualified, cols]) => selectOf(qualified, cols)));
    } catch (err) {
      throw new DatabaseScanError("query_failed", `cannot read the tables: ${(err as Error).name} ${(err as { code?: string }).code ?? ""}`.trim());
    }
    listed.forEach(([, cols], t) => observe(cols, read[t]!, 0));
    return observations;
  }
  try {
    for (const [qualified, cols] of tables) {
      await db.exec("SAVEPOINT datapact_scan");
      try {
        await db.exec(`DECLARE datapact_scan_cursor NO SCROLL CURSOR FOR ${selectOf(qualified, cols)}`);
        let rowNumber = 0;
        for (;;) {
          const rows = await db.rows(`FETCH ${batch} FROM datapact_scan_cursor`);
          observe(cols, rows, rowNumber);
          rowNumber += rows.length;
          if (rows.length < batch) break;
        }
        await db.exec("CLOSE datapact_scan_cursor");
        await db.exec("RELEASE SAVEPOINT datapact_scan");
      } catch (err) {
        await db.exec("ROLLBACK TO SAVEPOINT datapact_scan");
        if (!VANISHED.has((err as { code?: string }).code ?? "")) {
          throw new DatabaseScanError("query_failed", `cannot read ${qualified}: ${(err as Error).name} ${(err as { code?: string }).code ?? ""}`.trim());
        }
      }
    }
  } finally {
    await db.exec("ROLLBACK").catch(() => {});
  }
  return observations;
}
