export type { CloudLogger } from "./cloud-logger.js";
export type { LogEntry, LogFields, LogLevel, LogValue } from "./log-entry.js";
export { createJsonLogger, jsonLine, silentLogger, type JsonLoggerOptions } from "./json-logger.js";
export { MemoryLogger } from "./memory-logger.js";
export { errorLogFields, type ErrorLogOptions } from "./error-log-fields.js";
export { createRpcLogInterceptor, type RpcLogOptions } from "./rpc-log-interceptor.js";
