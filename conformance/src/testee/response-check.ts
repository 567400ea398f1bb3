import { conformance } from "@datapact/proto";
import { protoStepName, type StepName } from "../protocol/step-names.js";
import { TesteeError } from "./testee-error.js";

/** `#<number> <proto step name>`: how errors and reports name a step. */
export function stepLabel(request: conformance.HarnessRequest): string {
  const name = request.step.case ? protoStepName(request.step.case as StepName) : "(no step)";
  return `#${request.stepNumber} ${name}`;
}

/**
 * Checks what every adapter must: the response answers this step (same step
 * number) and says ok, error or skipped.
 */
export function checkResponse(description: string, request: conformance.HarnessRequest, response: conformance.HarnessResponse): conformance.HarnessResponse {
  if (response.stepNumber !== request.stepNumber) {
    throw new TesteeError("protocol_violation", description, `answered step number ${response.stepNumber}`, stepLabel(request));
  }
  if (response.result.case === undefined) {
    throw new TesteeError("protocol_violation", description, "answered with neither ok, error nor skipped", stepLabel(request));
  }
  return response;
}
