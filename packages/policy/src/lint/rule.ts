import type { DescField, DescFile, DescMessage } from "@bufbuild/protobuf";
import type { FieldPolicy, MessagePolicy, MessageRole } from "@datapact/proto";
import type { Severity } from "./finding.js";
import type { LintElement } from "./source-location.js";

/** Records a finding of the running rule at a schema element. */
export type Report = (element: LintElement, message: string) => void;

/** A field as rules see it. */
export interface FieldSubject {
  readonly field: DescField;
  readonly message: DescMessage;
  /** The message's role, with unset read as data-carrying. */
  readonly role: MessageRole;
  /** The message's `(datapact.privacy.v1.record)` annotation, if any. */
  readonly record: MessagePolicy | undefined;
  /** The field's `(datapact.privacy.v1.data)` annotation, if any. */
  readonly policy: FieldPolicy | undefined;
  /**
   * Whether the field must carry an annotation: a non-message field (or one
   * holding a google.* value type) of a data-carrying message.
   */
  readonly needsAnnotation: boolean;
}

/** A message as rules see it. */
export interface MessageSubject {
  readonly message: DescMessage;
  readonly role: MessageRole;
  readonly record: MessagePolicy | undefined;
}

/**
 * One lint rule. A rule implements the hooks for the elements it looks at;
 * the engine walks every file, message (nested ones too) and field once.
 */
export interface LintRule {
  /** Stable id that findings, docs and suppressions cite, e.g. `DP-LINT-MISSING-CATEGORY`. */
  readonly id: string;
  readonly severity: Severity;
  /** The seed mechanisms (SEED-MECHANISMS.md M-numbers) the rule enforces. */
  readonly mechanisms: readonly string[];
  /** One line: what the rule requires. */
  readonly summary: string;
  checkFile?(file: DescFile, report: Report): void;
  checkMessage?(subject: MessageSubject, report: Report): void;
  checkField?(subject: FieldSubject, report: Report): void;
}
