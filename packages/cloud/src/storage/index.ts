export * from "./errors/index.js";
export type { Database, DatabaseKind, Queryable, QueryResult } from "./database/database.js";
export { databaseOptionsFromEnv, openDatabase, type OpenDatabaseOptions } from "./database/open-database.js";
export { migrate, migrationChecksum, type MigrationReport } from "./migrations/migrate.js";
export { allMigrations } from "./migrations/all-migrations.js";
export type { Migration } from "./migrations/migration.js";
export { RecordStore, type RecordStoreOptions } from "./records/record-store.js";
export type { InsertBatchResult, RecordToStore } from "./records/record-to-store.js";
export type { ListOptions, RecordPage, ScanOptions, StoredRecord } from "./records/stored-record.js";
