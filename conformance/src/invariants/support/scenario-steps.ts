import type { StepRef } from "../../protocol/step-ref.js";
import type { ExecutedStep, Scenario } from "../../runner/scenario.js";
import type { ModelSnapshot } from "../../runner/user-model.js";

/** The executed step a reference points at. */
export function executedStep(scenario: Scenario, ref: StepRef | undefined): ExecutedStep | undefined {
  return ref ? scenario.steps.find((s) => s.ref.number === ref.number) : undefined;
}

/**
 * The user's choices in force at a step: the model it was sent with, or
 * else the model of the closest earlier step that carried one.
 */
export function modelAt(scenario: Scenario, ref: StepRef | undefined): ModelSnapshot | undefined {
  if (!ref) return undefined;
  let found: ModelSnapshot | undefined;
  for (const s of scenario.steps) {
    if (s.ref.number > ref.number) break;
    if (s.model) found = s.model;
  }
  return found;
}

/** Whether the step was answered with an error. */
export function refused(step: ExecutedStep | undefined): boolean {
  return step?.response.result.case === "error";
}
