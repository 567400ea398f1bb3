/**
 * One step of the schema's history. Released migrations are never edited
 * (migrate() compares checksums and refuses a database whose history
 * differs); a change is a new migration with the next version.
 */
export interface Migration {
  /** 1, 2, 3 ... in the order they apply; the file name's NNNN. */
  readonly version: number;
  /** The file name's slug, for people reading datapact_schema_migrations. */
  readonly name: string;
  /**
   * The statements, one per entry: PGlite runs one statement per query.
   * Only SQL that both PostgreSQL 15 and PGlite (PostgreSQL 18) accept.
   */
  readonly statements: readonly string[];
}
