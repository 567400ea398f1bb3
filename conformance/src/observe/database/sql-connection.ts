/** The little the scanner needs from a SQL connection, met by pg and PGlite alike. */
export interface SqlConnection {
  /** Runs a statement and returns its rows as arrays, in column order. */
  rows(sql: string): Promise<unknown[][]>;
  /** Runs statements that return nothing. */
  exec(sql: string): Promise<void>;
  /**
   * Runs each query and returns the rows of each, in one round trip. Only a
   * connection to a private copy offers it: nothing else writes to the copy,
   * so no table vanishes between listing and reading it and no transaction
   * is needed to read it whole, and the copy is in memory already, so
   * reading a table at once costs no more than through a cursor.
   */
  rowsOfEach?(queries: readonly string[]): Promise<unknown[][][]>;
  close(): Promise<void>;
}
