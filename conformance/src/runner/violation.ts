import type { CanaryHit } from "../canary/find-canaries.js";
import type { StepRef } from "../protocol/step-ref.js";

/**
 * One way a testee broke an invariant, as the report cites it: which field,
 * where it was found, at which step, and why that is wrong. Never a value.
 */
export interface Violation {
  /** The field, e.g. `frames[0].text`, when the violation concerns one. */
  readonly fieldPath?: string;
  /** Full name of the field's message type. */
  readonly messageType?: string;
  /** Where it was observed (`db:app.records.body`, `log`, `hop:app->cloud`...). */
  readonly sink?: string;
  /** The step that caused it (the step that planted the value, or the step whose answer was wrong). */
  readonly step?: StepRef;
  /** What is wrong, in words a certifier would use. */
  readonly message: string;
}

/** The violation a canary hit stands for: the canary's field and step, the hit's sink. */
export function violationOfHit(hit: CanaryHit, message: string): Violation {
  const where = [hit.sink, hit.detail].filter(Boolean).join(" ");
  const encoding = hit.encoding === "plain" && hit.via.length === 0 ? "" : ` (${[...hit.via, hit.encoding].join(" > ")})`;
  return {
    fieldPath: hit.canary.fieldPath,
    messageType: hit.canary.messageType,
    sink: hit.sink,
    step: hit.canary.step,
    message: `${message}: found in ${where}${encoding}`,
  };
}
