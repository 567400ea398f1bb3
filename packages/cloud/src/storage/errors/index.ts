export { StorageError } from "./storage-error.js";
export { DatabaseQueryError, databaseQueryErrorFrom } from "./database-query-error.js";
export { InvalidArgumentError } from "./invalid-argument-error.js";
export { InvalidDatabaseOptionsError } from "./invalid-database-options-error.js";
export { InvalidPageTokenError } from "./invalid-page-token-error.js";
export { MigrationError, type MigrationProblem } from "./migration-error.js";
export { StoredRecordUnreadableError } from "./stored-record-unreadable-error.js";
export { UnknownSubjectError } from "./unknown-subject-error.js";
