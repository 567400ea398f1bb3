import { platformServicesMigration } from "../../server/migrations/platform-services-migration.js";
import { initialSchema } from "./0001-initial-schema.js";
import { dataRightsSchema } from "./0002-data-rights.js";
import type { Migration } from "./migration.js";

/**
 * Every migration, in version order, so that `migrate(db)` with its default
 * brings any database (the server's included) fully up to date. Append new
 * ones; never edit or reorder.
 *
 * The platform services' migration keeps the version it was released with
 * (1001): databases the server migrated have it recorded under that number
 * and checksum. New storage migrations continue at 0003 and sort before it;
 * they may only depend on tables of 0001-0002 or of 1001 that already exist
 * on every database, since a database migrated earlier applies them after 1001.
 */
export const allMigrations: readonly Migration[] = [initialSchema, dataRightsSchema, platformServicesMigration];
