import type { StepRef } from "../protocol/step-ref.js";
import type { Observation } from "./observation.js";

const encoder = new TextEncoder();

/**
 * Gathers the testee's log: the lines it wrote to stderr (as its adapter
 * captured them) and the lines it reported in a dump, each stamped with the
 * step after which it was collected.
 */
export class LogCollector {
  private collected: Observation[] = [];

  /** Adds lines from `source` ("stderr", "dump"), collected after `step`. */
  add(lines: readonly string[], source: string, step?: StepRef): void {
    for (const line of lines) {
      this.collected.push({ sink: "log", bytes: encoder.encode(line), step, detail: `${source} line` });
    }
  }

  /** Everything collected since the last call. */
  take(): Observation[] {
    const out = this.collected;
    this.collected = [];
    return out;
  }
}
