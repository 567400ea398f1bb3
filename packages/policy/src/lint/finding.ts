/** How bad a finding is: errors fail `datapact lint`, warnings are reported only. */
export type Severity = "error" | "warning";

/** Where a schema element is declared. `line` and `column` are 1-based; 0 when unknown. */
export interface SourcePosition {
  /** The file as the user should see it: a path on disk, or the name inside a descriptor set. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One violation of one lint rule at one schema element. */
export interface LintFinding extends SourcePosition {
  /** The stable rule id, e.g. `DP-LINT-MISSING-CATEGORY`. */
  readonly ruleId: string;
  readonly severity: Severity;
  /**
   * The element the finding is about: a field (`datapact.devices.band.v1.NotificationFrame.source_app`),
   * a message (`datapact.devices.band.v1.NotificationFrame`) or, for file-level findings, the
   * file's package (or its name when it has no package).
   */
  readonly path: string;
  /** What is missing or contradictory, in words; names vocabulary values, never field values. */
  readonly message: string;
}
