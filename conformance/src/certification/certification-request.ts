import type { DescFile } from "@bufbuild/protobuf";
import type { Invariant } from "../runner/invariant.js";
import type { TesteeArgument } from "../runner/replay-command.js";
import type { TextSink } from "../report/human-reporter.js";

/** What `datapact certify` was asked to do, parsed. */
export interface CertificationRequest {
  /** `--testee "<command>"` or `--url <connect-url>`. */
  readonly testee: TesteeArgument;
  /** `--database-url`: the testee's database, scanned by the kit itself. */
  readonly databaseUrl?: string;
  /** `--seed`: replays a run. */
  readonly seed?: number;
  /** `--runs`: scenarios per invariant. */
  readonly runs?: number;
  /** `--jobs`: subprocess testees checked side by side, each with its share of the invariants. Default 1. */
  readonly jobs?: number;
  /** `--only`: invariant ids to check; empty means all. */
  readonly only?: readonly string[];
  /** `--report-dir`: where report.json, junit.xml and report.html go. Default `report`. */
  readonly reportDir?: string;
  /** `--json`: print report.json on stdout instead of the summary. */
  readonly json?: boolean;
  /** Per-step timeout. Default 30 s. */
  readonly stepTimeoutMs?: number;
  /** The pact's schema files (with what they import). Default: every file of @datapact/proto. */
  readonly files?: readonly DescFile[];
  /** The invariants to choose from. Default: every registered invariant. */
  readonly invariants?: readonly Invariant[];
  readonly cwd: string;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Whether stderr is a terminal (progress is drawn in place only then). */
  readonly interactive: boolean;
}
