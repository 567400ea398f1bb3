import type { StepRef } from "../protocol/step-ref.js";
import type { DataFlowEntry } from "./data-flow.js";
import type { Violation } from "./violation.js";

/**
 * The verdict on one invariant:
 * - `pass`: every scenario held;
 * - `fail`: a scenario broke it (violations, shortest counterexample);
 * - `not_applicable`: the testee implements none of its products or lacks an optional step it needs;
 * - `error`: it could not be checked because the testee lacks a required step or refused a setup step;
 * - `unavailable`: the testee crashed, hung or wrote garbage (or its database could not be read).
 */
export type VerdictKind = "pass" | "fail" | "not_applicable" | "error" | "unavailable";

/** The shortest failing scenario fast-check found, and how to replay it. */
export interface Counterexample {
  readonly seed: number;
  /** fast-check's counterexample path: with the seed, replays this exact scenario. */
  readonly path: string;
  /** The steps of the shrunk scenario, in order. */
  readonly steps: readonly StepRef[];
  readonly shrinks: number;
}

export interface InvariantVerdict {
  readonly id: string;
  readonly title: string;
  readonly statement: string;
  readonly source: string;
  /** The products it was checked on. */
  readonly products: readonly string[];
  readonly verdict: VerdictKind;
  /** Why it was not applicable, errored or unavailable. */
  readonly reason?: string;
  readonly violations: readonly Violation[];
  readonly counterexample?: Counterexample;
  /** Scenarios run (shrinking included). */
  readonly scenarios: number;
  readonly durationMs: number;
  /** The command that replays this invariant with this seed. */
  readonly replay: string;
}

/** How a whole run ended, and the CLI exit code it maps to. */
export type CertificationOutcome =
  /** Every invariant that applies holds (exit 0). */
  | "certified"
  /** An invariant failed or could not be checked (exit 1). */
  | "violations"
  /** The testee could not be driven (exit 4). */
  | "unavailable";

/** Everything a certification run found; what every reporter renders. */
export interface CertificationResult {
  readonly testee: {
    readonly description: string;
    readonly name: string;
    readonly version: string;
    readonly products: readonly string[];
    readonly supportedSteps: readonly string[];
  };
  readonly seed: number;
  readonly runs: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly outcome: CertificationOutcome;
  /** Why the run could not drive the testee at all, when it could not. */
  readonly unavailableReason?: string;
  readonly verdicts: readonly InvariantVerdict[];
  /** Where guarded fields were seen, per product: the data-flow picture. */
  readonly dataFlow: readonly DataFlowEntry[];
}

/** The outcome of a set of verdicts (see {@link CertificationOutcome}). */
export function outcomeOf(verdicts: readonly InvariantVerdict[]): CertificationOutcome {
  if (verdicts.some((v) => v.verdict === "unavailable")) return "unavailable";
  if (verdicts.some((v) => v.verdict === "fail" || v.verdict === "error")) return "violations";
  // Nothing certified is not a certification.
  if (!verdicts.some((v) => v.verdict === "pass")) return "violations";
  return "certified";
}
