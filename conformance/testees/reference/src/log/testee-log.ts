import { createJsonLogger, type CloudLogger } from "@datapact/cloud";

/**
 * The testee's log: the JSON lines of every part (the cloud's id-only log,
 * what the app's outboxes and the devices report, refused steps) go to
 * stderr, where the kit reads them, and are kept since the last reset for
 * `DumpResult.log_lines` (which a Connect testee needs: it has no stderr the
 * kit can read). Nothing here ever formats a value: the parts log ids,
 * codes, type names and field paths only.
 */
export class TesteeLog {
  private kept: string[] = [];
  /** The logger every part writes through. */
  readonly logger: CloudLogger;

  constructor(
    now: () => Date,
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {
    this.logger = createJsonLogger(
      (line) => {
        this.kept.push(line.endsWith("\n") ? line.slice(0, -1) : line);
        this.write(line);
      },
      { level: "debug", now },
    );
  }

  /** The lines written since the last reset. */
  lines(): readonly string[] {
    return this.kept;
  }

  reset(): void {
    this.kept = [];
  }
}
