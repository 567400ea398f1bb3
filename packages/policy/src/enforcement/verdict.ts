import type { FieldRule } from "../plan/field-rule.js";
import type { MessagePlan } from "../plan/message-plan.js";

/** Why a field was removed from a copy. Stable strings: reports cite them. */
export type DropReason =
  /** The field's flow or transit forbids this hop (display-only, device-only, app-only, not transmitted). */
  | "FLOW"
  /** None of the field's purposes has consent. */
  | "NO_CONSENT"
  /** The field's function is off by default and the user has not turned it on. */
  | "FUNCTION_DISABLED"
  /** The user turned the field's upload switch off. */
  | "UPLOAD_SWITCH_OFF"
  /** The field carries no annotation, so nothing may use it. */
  | "UNANNOTATED"
  /** The field may not be stored at this tier. */
  | "NOT_STORED_AT_TIER"
  /** The field does not serve the one purpose a channel carries. */
  | "NOT_FOR_PURPOSE"
  /** The field is more identifying than pseudonymized for a channel's purpose, so it may not travel unlinked. */
  | "TOO_IDENTIFYING"
  /** The field is used pseudonymized or anonymized only, so travelling with the account would link it. */
  | "NOT_IDENTIFIED";

/** What a gate decides for one leaf: keep it, drop it (and why), or reject the whole message. */
export type Verdict = "keep" | "reject" | DropReason;

/** Verdicts of one gate, per plan, in slot order (a WeakMap where kept for good, so plans of discarded schemas can go). */
export type GateVerdicts = Pick<WeakMap<MessagePlan, Verdict[]>, "get" | "set">;

/**
 * A destination's rules: given a message's plan and one leaf rule, the
 * verdict. Gates are pure; the projection memoizes their verdicts per plan,
 * for one call, or for as long as `verdicts` lives when the gate gives one:
 * a gate whose rules depend on nothing that changes (a tier, a view) keeps
 * one for good, a gate under a consent state only while that state holds
 * (see ProjectionMemo).
 */
export interface Gate {
  verdict(plan: MessagePlan, rule: FieldRule): Verdict;
  readonly verdicts?: GateVerdicts;
}
