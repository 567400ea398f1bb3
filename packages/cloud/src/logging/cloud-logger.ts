import type { LogFields, LogLevel } from "./log-entry.js";

/**
 * Where the cloud writes what it did. Entries carry ids (subject, record,
 * device, manufacturer, scene), message type names, field paths and error
 * codes, never values: logs are kept longer and read by more people than
 * the data itself.
 */
export interface CloudLogger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}
