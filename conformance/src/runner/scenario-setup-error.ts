import { stepRefToString, type StepRef } from "../protocol/step-ref.js";
import type { StepOutcome } from "./scenario.js";

/** The testee refused or skipped a step every scenario needs (reset, an account, a binding): the invariant cannot be checked. */
export class ScenarioSetupError extends Error {
  override readonly name = "ScenarioSetupError";
  readonly code = "setup_refused";
  constructor(
    readonly step: StepRef,
    /** "error invalid_argument", "skipped". */
    readonly answer: string,
  ) {
    super(`the testee answered ${answer} to ${stepRefToString(step)}, which every scenario needs`);
  }
}

/** `outcome` when the testee answered ok; else ScenarioSetupError (the step was one the scenario cannot go on without). */
export function requireOk(outcome: StepOutcome): StepOutcome {
  if (outcome.ok) return outcome;
  const answer = outcome.error ? `error ${outcome.error.code}` : "skipped";
  throw new ScenarioSetupError(outcome.step.ref, answer);
}
