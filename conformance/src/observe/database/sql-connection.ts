/** The little the scanner needs from a SQL connection, met by pg and PGlite alike. */
export interface SqlConnection {
  /** Runs a statement and returns its rows as arrays, in column order. */
  rows(sql: string): Promise<unknown[][]>;
  /** Runs statements that return nothing. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
