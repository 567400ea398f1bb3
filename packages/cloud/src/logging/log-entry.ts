/**
 * A value a log entry may carry. Only ids, names, counts, codes and field
 * paths go in logs: never a value a record, statement or request carried.
 * The types keep the shape flat and JSON-safe; what the strings hold is the
 * caller's duty, which the logging tests check with canaries.
 */
export type LogValue = string | number | boolean | readonly string[];

/** The fields of one entry, besides its time, level and event. */
export type LogFields = Readonly<Record<string, LogValue | undefined>>;

/** How serious an entry is. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** One structured log entry, as written. */
export interface LogEntry {
  /** ISO-8601 time the entry was made. */
  readonly ts: string;
  readonly level: LogLevel;
  /** Stable, dotted event name, e.g. `rpc.finished`, `ingest.stored`. */
  readonly event: string;
  readonly fields: LogFields;
}
