/** Which engine a {@link Database} runs on. */
export type DatabaseKind = "pglite" | "postgres";

/** Rows of a query, with the number of rows the statement affected or returned. */
export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/** How {@link Queryable.query} runs a statement. */
export interface QueryOptions {
  /**
   * A name under which PostgreSQL keeps the statement parsed and planned on
   * each pooled connection, so that running it again skips both: for a
   * statement a hot path runs many times with different parameters. One
   * name always goes with one SQL text. PGlite ignores it.
   */
  readonly prepareAs?: string;
}

/**
 * Something SQL can be run through: a {@link Database} or a transaction of
 * one. Stores take a Queryable, so the same store code runs inside or
 * outside a caller's transaction.
 *
 * Values come back the same on both engines for the types this layer uses
 * (text, int, int[], boolean, timestamptz as Date, bytea as Uint8Array).
 * bigint columns do NOT (a string from PostgreSQL, a number from PGlite):
 * cast counts to int.
 */
export interface Queryable {
  readonly kind: DatabaseKind;
  /** True inside {@link Queryable.transaction}: what is read here may still roll back. */
  readonly inTransaction: boolean;
  /**
   * Runs one statement with positional parameters ($1, $2 ...). Driver and
   * server errors are rethrown as DatabaseQueryError, stripped of values.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>>;
  /**
   * Runs `fn` in a transaction and commits when it resolves, or rolls back
   * when it throws (rethrowing). Inside a transaction this opens a savepoint,
   * so stores can always ask for atomicity without knowing whether their
   * caller already holds a transaction.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** A connection (PGlite) or pool (PostgreSQL) to the cloud's database. */
export interface Database extends Queryable {
  /** The schema every connection uses as its search_path, when one was asked for. */
  readonly schema: string | undefined;
  /** Closes the connection or pool. Idempotent. */
  close(): Promise<void>;
}
