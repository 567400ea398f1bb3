import { databaseQueryErrorFrom } from "../errors/database-query-error.js";
import type { DatabaseKind, Queryable, QueryOptions, QueryResult } from "./database.js";

/** Runs one statement on whatever connection the engine lends; throws raw driver errors. */
export type RawQuery = (sql: string, params: readonly unknown[], options?: QueryOptions) => Promise<{ rows: unknown[]; rowCount: number }>;

/**
 * A Queryable over one connection that is already inside a transaction.
 * Nested transaction() calls become savepoints, numbered by depth.
 */
export class TransactionScope implements Queryable {
  readonly inTransaction = true;
  constructor(
    readonly kind: DatabaseKind,
    private readonly raw: RawQuery,
    private readonly depth = 0,
  ) {}

  async query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<Row>> {
    try {
      return (await this.raw(sql, params, options)) as QueryResult<Row>;
    } catch (err) {
      throw databaseQueryErrorFrom(err);
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const savepoint = `datapact_sp_${this.depth + 1}`;
    await this.query(`savepoint ${savepoint}`);
    try {
      const result = await fn(new TransactionScope(this.kind, this.raw, this.depth + 1));
      await this.query(`release savepoint ${savepoint}`);
      return result;
    } catch (err) {
      await this.query(`rollback to savepoint ${savepoint}`);
      throw err;
    }
  }
}
