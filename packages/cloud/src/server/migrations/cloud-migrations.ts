import { allMigrations } from "../../storage/migrations/all-migrations.js";
import type { Migration } from "../../storage/migrations/migration.js";
import { platformServicesMigration } from "./platform-services-migration.js";

/** Every migration the cloud server needs: the storage layer's, then the platform services'. */
export const cloudMigrations: readonly Migration[] = [...allMigrations, platformServicesMigration];
