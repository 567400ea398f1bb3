import type { CloudLogger } from "./cloud-logger.js";
import { jsonLine } from "./json-logger.js";
import type { LogEntry, LogFields, LogLevel } from "./log-entry.js";

/**
 * A logger that keeps every entry in memory, as entries and as the JSON
 * lines a {@link createJsonLogger} would write: for tests that scan the
 * output, and for embedding the cloud where logs are shipped elsewhere.
 */
export class MemoryLogger implements CloudLogger {
  readonly entries: LogEntry[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  log(level: LogLevel, event: string, fields: LogFields = {}): void {
    this.entries.push({ ts: this.now().toISOString(), level, event, fields: { ...fields } });
  }

  /** Every entry as its JSON line, joined by newlines. */
  text(): string {
    return this.entries.map(jsonLine).join("\n");
  }

  /** Entries of one event. */
  events(event: string): LogEntry[] {
    return this.entries.filter((e) => e.event === event);
  }
}
