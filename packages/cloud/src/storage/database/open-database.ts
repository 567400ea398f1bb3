import { InvalidDatabaseOptionsError } from "../errors/invalid-database-options-error.js";
import type { Database } from "./database.js";
import { PgliteDatabase } from "./pglite-database.js";
import { PostgresDatabase } from "./postgres-database.js";
import { checkedSchemaName } from "./schema-name.js";

/** Where the cloud's data lives. */
export interface OpenDatabaseOptions {
  /**
   * A `postgres://` or `postgresql://` URL: use that server through a pool.
   * Absent: embedded PGlite.
   */
  readonly url?: string;
  /** PGlite only: a directory to keep the database in. Absent: in memory. */
  readonly dataDir?: string;
  /**
   * A schema to work in, created if missing and used as every connection's
   * search_path (tests use one per run). Lower-case letters, digits and _.
   */
  readonly schema?: string;
  /** PostgreSQL only: most pooled connections. Default 10. */
  readonly poolSize?: number;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * Opens the cloud's database: embedded PGlite by default (in memory, or in
 * `dataDir`), or a PostgreSQL server when `url` is a postgres URL. Call
 * migrate() before using the stores. Throws InvalidDatabaseOptionsError for
 * options it cannot honour; the URL is never quoted (it can hold a password).
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const schema = options.schema === undefined ? undefined : checkedSchemaName(options.schema);
  if (options.url !== undefined) {
    if (typeof options.url !== "string" || !POSTGRES_URL.test(options.url)) {
      throw new InvalidDatabaseOptionsError("url", "only postgres:// and postgresql:// URLs are supported");
    }
    if (options.dataDir !== undefined) throw new InvalidDatabaseOptionsError("dataDir", "applies to the embedded database only, not with a url");
    if (options.poolSize !== undefined && (!Number.isInteger(options.poolSize) || options.poolSize < 1)) {
      throw new InvalidDatabaseOptionsError("poolSize", "must be a positive integer");
    }
    return PostgresDatabase.open({ url: options.url, schema, poolSize: options.poolSize });
  }
  if (options.dataDir !== undefined && (typeof options.dataDir !== "string" || options.dataDir === "")) {
    throw new InvalidDatabaseOptionsError("dataDir", "must be a non-empty path");
  }
  return PgliteDatabase.open(options.dataDir, schema);
}

/**
 * The database options the environment asks for: DATABASE_URL when set
 * (PostgreSQL), otherwise none (embedded, in memory). Kept apart from
 * openDatabase so that nothing reads the environment behind a caller's back.
 */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenDatabaseOptions {
  const url = env.DATABASE_URL;
  return url !== undefined && url !== "" ? { url } : {};
}
