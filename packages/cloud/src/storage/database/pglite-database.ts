import { PGlite } from "@electric-sql/pglite";
import { databaseQueryErrorFrom } from "../errors/database-query-error.js";
import type { Database, Queryable, QueryOptions, QueryResult } from "./database.js";
import { TransactionScope } from "./transaction-scope.js";

type LiteQuery = (sql: string, params?: unknown[]) => Promise<{ rows: unknown[]; affectedRows?: number }>;

function rawOver(query: LiteQuery) {
  return async (sql: string, params: readonly unknown[]) => {
    const r = await query(sql, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
}

/**
 * An embedded PGlite (PostgreSQL compiled to WebAssembly): one connection,
 * in memory or in a data directory. PGlite serialises statements itself and
 * holds every other query back while a transaction runs, so code inside a
 * transaction must use the transaction's Queryable, never the Database
 * (that would wait for itself).
 */
export class PgliteDatabase implements Database {
  readonly kind = "pglite";
  readonly inTransaction = false;
  private closed = false;

  private constructor(
    private readonly lite: PGlite,
    readonly schema: string | undefined,
  ) {}

  /** Opens PGlite and, given a schema, creates it if missing and makes it the search_path. */
  static async open(dataDir: string | undefined, schema: string | undefined): Promise<PgliteDatabase> {
    let lite: PGlite;
    try {
      lite = await PGlite.create(dataDir === undefined ? {} : { dataDir });
    } catch (err) {
      throw databaseQueryErrorFrom(err);
    }
    const db = new PgliteDatabase(lite, schema);
    if (schema !== undefined) {
      // One connection and no other process: no race to guard against here.
      await db.query(`create schema if not exists ${schema}`);
      await db.query(`set search_path to ${schema}`);
    }
    return db;
  }

  /** `options.prepareAs` does not apply: PGlite runs in this process, with no connection to keep a statement on. */
  async query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = [], _options?: QueryOptions): Promise<QueryResult<Row>> {
    try {
      return (await rawOver((s, p) => this.lite.query(s, p))(sql, params)) as QueryResult<Row>;
    } catch (err) {
      throw databaseQueryErrorFrom(err);
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    let failure: { err: unknown } | undefined;
    try {
      return await this.lite.transaction(async (tx) => {
        try {
          return await fn(new TransactionScope("pglite", rawOver((s, p) => tx.query(s, p))));
        } catch (err) {
          failure = { err };
          throw err;
        }
      });
    } catch (err) {
      // The callback's own errors pass through; BEGIN/COMMIT failures are sanitised.
      if (failure && failure.err === err) throw err;
      throw databaseQueryErrorFrom(err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lite.close();
  }
}
