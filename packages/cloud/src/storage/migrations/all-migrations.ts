import { initialSchema } from "./0001-initial-schema.js";
import { dataRightsSchema } from "./0002-data-rights.js";
import type { Migration } from "./migration.js";

/** Every migration, in version order. Append new ones; never edit or reorder. */
export const allMigrations: readonly Migration[] = [initialSchema, dataRightsSchema];
