import { initialSchema } from "./0001-initial-schema.js";
import type { Migration } from "./migration.js";

/** Every migration, in version order. Append new ones; never edit or reorder. */
export const allMigrations: readonly Migration[] = [initialSchema];
