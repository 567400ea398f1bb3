import { cp, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { DatabaseScanError } from "./database-scan-error.js";
import type { SqlConnection } from "./sql-connection.js";

/**
 * Opens a copy of a PGlite data directory. PGlite is single-process: opening
 * the testee's live directory could run recovery on it behind the testee's
 * back, so the kit reads a snapshot and never touches the original.
 */
export async function openPgliteCopy(dataDir: string): Promise<SqlConnection> {
  const isDir = await stat(dataDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new DatabaseScanError("unreachable", `PGlite data directory ${dataDir} does not exist`);
  const copy = await mkdtemp(join(tmpdir(), "datapact-scan-"));
  let db: PGlite | undefined;
  try {
    await cp(dataDir, copy, { recursive: true });
    db = new PGlite(copy);
    await db.waitReady;
  } catch (err) {
    await db?.close().catch(() => {});
    await rm(copy, { recursive: true, force: true });
    throw new DatabaseScanError("unreachable", `cannot open a copy of PGlite data directory ${dataDir}: ${(err as Error).name}`);
  }
  const open = db;
  return {
    async rows(sql) {
      const result = await open.query(sql, [], { rowMode: "array" });
      return result.rows as unknown[][];
    },
    async exec(sql) {
      await open.exec(sql);
    },
    async close() {
      await open.close();
      await rm(copy, { recursive: true, force: true });
    },
  };
}
