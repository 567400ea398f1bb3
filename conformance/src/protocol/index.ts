export { allStepNames, protoStepName, requiredSteps, stepNameOf, type StepMessage, type StepName } from "./step-names.js";
export { kitProtocolVersion } from "./protocol-version.js";
export { stepRefToString, type StepRef } from "./step-ref.js";
