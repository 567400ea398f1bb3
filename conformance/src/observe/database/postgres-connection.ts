import pg from "pg";
import { DatabaseScanError, redactedDatabaseUrl } from "./database-scan-error.js";
import type { SqlConnection } from "./sql-connection.js";

/** Connects to a PostgreSQL server (postgres:// or postgresql:// URL). */
export async function connectPostgres(url: string, connectTimeoutMs = 5_000): Promise<SqlConnection> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, application_name: "datapact-certify-scanner" });
  // An error on an idle client would otherwise be an unhandled event.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw new DatabaseScanError("unreachable", `cannot connect to ${redactedDatabaseUrl(url)}: ${(err as Error).name}`);
  }
  return {
    async rows(sql) {
      const result = await client.query({ text: sql, rowMode: "array" });
      return result.rows as unknown[][];
    },
    async exec(sql) {
      await client.query(sql);
    },
    async close() {
      await client.end();
    },
  };
}
