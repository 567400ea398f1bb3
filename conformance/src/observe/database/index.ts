export { scanDatabase, scanOpenDatabase, openDatabase, type DatabaseScanOptions } from "./database-scanner.js";
export { DatabaseScanError, redactedDatabaseUrl, type DatabaseScanErrorCode } from "./database-scan-error.js";
export type { SqlConnection } from "./sql-connection.js";
