import type { CloudLogger } from "./cloud-logger.js";
import type { LogEntry, LogFields, LogLevel } from "./log-entry.js";

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** Entries below this level are not written. Default `info`. */
  readonly level?: LogLevel;
  /** The clock entries are stamped with. */
  readonly now?: () => Date;
}

/** The JSON line of an entry: `{"ts":…,"level":…,"event":…,…fields}`, undefined fields left out. */
export function jsonLine(entry: LogEntry): string {
  const out: Record<string, unknown> = { ts: entry.ts, level: entry.level, event: entry.event };
  for (const [k, v] of Object.entries(entry.fields)) if (v !== undefined && !(k in out)) out[k] = v;
  return JSON.stringify(out);
}

/**
 * A logger writing one JSON object per line through `write` (for example
 * `(line) => process.stderr.write(line)`), newline included.
 */
export function createJsonLogger(write: (line: string) => void, options: JsonLoggerOptions = {}): CloudLogger {
  const min = RANK[options.level ?? "info"];
  const now = options.now ?? (() => new Date());
  return {
    log(level: LogLevel, event: string, fields: LogFields = {}) {
      if (RANK[level] < min) return;
      write(jsonLine({ ts: now().toISOString(), level, event, fields }) + "\n");
    },
  };
}

/** A logger that writes nothing. */
export const silentLogger: CloudLogger = { log() {} };
