import { InvalidDatabaseOptionsError } from "../errors/invalid-database-options-error.js";

// Lower-case identifiers only, so the name needs no quoting anywhere (SQL,
// the libpq `options` string) and cannot smuggle anything into either.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a schema name for openDatabase; returns it unchanged. */
export function checkedSchemaName(schema: unknown): string {
  if (typeof schema !== "string" || !SCHEMA_NAME.test(schema) || schema.startsWith("pg_")) {
    throw new InvalidDatabaseOptionsError("schema", "must be 1-63 characters of a-z, 0-9 and _, start with a letter or _, and not start with pg_");
  }
  return schema;
}
