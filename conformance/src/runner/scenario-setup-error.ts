import { stepRefToString, type StepRef } from "../protocol/step-ref.js";

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
