import type { CertificationResult, InvariantVerdict, VerdictKind } from "../runner/verdict.js";
import type { ProgressEvent } from "../runner/progress-event.js";
import { stepRefToString } from "../protocol/step-ref.js";
import { violationLine } from "./violation-text.js";

/** Where the human reporter writes. */
export interface TextSink {
  write(chunk: string): unknown;
}

const LABEL: Record<VerdictKind, string> = { pass: "PASS", fail: "FAIL", not_applicable: "N/A", error: "ERROR", unavailable: "UNAVAILABLE" };

/** How long something took, for people: 820ms, 12.4s, 2m05s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/**
 * The human reporter: a progress line while the run goes (rewritten in place
 * when the output is a terminal, one line per finished invariant otherwise)
 * and a summary table at the end.
 */
export class HumanReporter {
  /** The line shown now, and the invariant part of it that scenario updates keep. */
  private status = "";
  private invariantLabel = "";

  constructor(
    private readonly out: TextSink,
    private readonly interactive: boolean,
  ) {}

  /** Feeds a progress event (pass as `onProgress` to certify). */
  onProgress = (event: ProgressEvent): void => {
    switch (event.kind) {
      case "testee-ready":
        this.line(`testee: ${event.name} ${event.version} (${event.description})`);
        break;
      case "invariant-start":
        this.invariantLabel = `[${event.index + 1}/${event.total}] ${event.id}`;
        this.show(this.invariantLabel);
        break;
      case "scenario":
        this.show(`${this.invariantLabel}  ${event.phase === "shrink" ? "shrinking, scenario" : "scenario"} ${event.run}${event.phase === "search" ? `/${event.runs}` : ""}`);
        break;
      case "invariant-end":
        this.clear();
        if (!this.interactive || event.verdict.verdict !== "pass") this.line(`${LABEL[event.verdict.verdict].padEnd(5)} ${event.verdict.id} (${formatDuration(event.verdict.durationMs)})`);
        break;
      case "testee-restart":
        this.clear();
        this.line(`the testee failed the harness; restarting it: ${event.reason}`);
        break;
    }
  };

  /** The summary table and the details of every failure. */
  summary(result: CertificationResult): string {
    const rows = result.verdicts.map((v) => [v.id, LABEL[v.verdict], String(v.scenarios), formatDuration(v.durationMs), detailOf(v)]);
    const header = ["Invariant", "Verdict", "Scenarios", "Time", "Detail"];
    const widths = header.map((h, i) => Math.min(Math.max(h.length, ...rows.map((r) => r[i]!.length)), i === 4 ? 80 : 60));
    const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd();
    const lines = [
      "",
      `datapact certify: ${result.testee.name || result.testee.description} ${result.testee.version}`.trimEnd(),
      `seed ${result.seed}, ${result.runs} scenarios per invariant, ${formatDuration(result.durationMs)}`,
      "",
      fmt(header),
      fmt(widths.map((w) => "-".repeat(w))),
      ...rows.map(fmt),
    ];
    for (const v of result.verdicts.filter((x) => x.verdict === "fail")) {
      lines.push("", `${v.id}: ${v.title}`);
      for (const violation of v.violations.slice(0, 10)) lines.push(`  - ${violationLine(violation)}`);
      if (v.violations.length > 10) lines.push(`  … and ${v.violations.length - 10} more (see report.json)`);
      if (v.counterexample) {
        lines.push(`  shortest scenario (${v.counterexample.steps.length} steps, ${v.counterexample.shrinks} shrinks):`);
        for (const s of v.counterexample.steps) lines.push(`    ${stepRefToString(s)}`);
      }
      lines.push(`  replay: ${v.replay}`);
    }
    const counts = (k: VerdictKind) => result.verdicts.filter((v) => v.verdict === k).length;
    lines.push(
      "",
      `${counts("pass")} passed, ${counts("fail")} failed, ${counts("error")} errors, ${counts("unavailable")} unavailable, ${counts("not_applicable")} not applicable`,
      result.outcome === "certified" ? "CERTIFIED" : result.outcome === "unavailable" ? `NOT CERTIFIED: the testee is unavailable${result.unavailableReason ? ` (${result.unavailableReason})` : ""}` : "NOT CERTIFIED",
      "",
    );
    return lines.join("\n");
  }

  private show(text: string): void {
    this.status = text;
    if (this.interactive) this.out.write(`\r\x1b[K${text}`);
  }

  private clear(): void {
    if (this.interactive && this.status) this.out.write("\r\x1b[K");
    this.status = "";
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }
}

function detailOf(v: InvariantVerdict): string {
  if (v.verdict === "fail") return v.violations[0] ? violationLine(v.violations[0]) : "";
  return v.reason ?? "";
}
