import pg from "pg";
import { databaseQueryErrorFrom } from "../errors/database-query-error.js";
import { advisoryLockKey } from "./advisory-lock-key.js";
import type { Database, Queryable, QueryOptions, QueryResult } from "./database.js";
import { TransactionScope } from "./transaction-scope.js";

/** The driver's form of a statement: named when the caller asks for it to be kept prepared. */
function queryConfig(sql: string, params: readonly unknown[], options: QueryOptions | undefined): pg.QueryConfig {
  const values = params as unknown[];
  return options?.prepareAs === undefined ? { text: sql, values } : { name: options.prepareAs, text: sql, values };
}

/** Options of {@link PostgresDatabase.open}. */
export interface PostgresDatabaseOptions {
  readonly url: string;
  readonly schema: string | undefined;
  /** Most connections the pool opens. Default 10. */
  readonly poolSize?: number;
}

/**
 * A PostgreSQL server through a `pg` pool. Every connection starts with the
 * schema as its search_path (set by the startup packet, so no statement
 * can run before it).
 */
export class PostgresDatabase implements Database {
  readonly kind = "postgres";
  readonly inTransaction = false;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string | undefined,
  ) {}

  /** Opens the pool and, given a schema, creates it if missing (under an advisory lock: CREATE SCHEMA IF NOT EXISTS races). */
  static async open(options: PostgresDatabaseOptions): Promise<PostgresDatabase> {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      application_name: "datapact-cloud",
      ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    });
    // An idle connection that dies (server restart) is discarded by the pool;
    // without a listener Node would treat the event as an uncaught error.
    pool.on("error", () => {});
    const db = new PostgresDatabase(pool, options.schema);
    if (options.schema !== undefined) {
      const schema = options.schema;
      try {
        await db.transaction(async (tx) => {
          await tx.query("select pg_advisory_xact_lock($1, $2)", advisoryLockKey("create-schema", schema));
          await tx.query(`create schema if not exists ${schema}`);
        });
      } catch (err) {
        await db.close();
        throw err;
      }
    }
    return db;
  }

  async query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<Row>> {
    try {
      const r = await this.pool.query(queryConfig(sql, params, options));
      return { rows: r.rows as Row[], rowCount: r.rowCount ?? r.rows.length };
    } catch (err) {
      throw databaseQueryErrorFrom(err);
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw databaseQueryErrorFrom(err);
    }
    let broken = false;
    const raw = async (sql: string, params: readonly unknown[], options?: QueryOptions) => {
      const r = await client.query(queryConfig(sql, params, options));
      return { rows: r.rows as unknown[], rowCount: r.rowCount ?? r.rows.length };
    };
    try {
      await raw("begin", []).catch((err: unknown) => {
        throw databaseQueryErrorFrom(err);
      });
      let result: T;
      try {
        result = await fn(new TransactionScope("postgres", raw));
      } catch (err) {
        await raw("rollback", []).catch(() => {
          broken = true;
        });
        throw err;
      }
      await raw("commit", []).catch((err: unknown) => {
        throw databaseQueryErrorFrom(err);
      });
      return result;
    } finally {
      // A connection whose rollback failed is in an unknown state: destroy it.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
