export { PolicyError } from "./policy-error.js";
export { ThirdPartyDirectValueError } from "./third-party-direct-value-error.js";
export { StatementError, type StatementViolation } from "./statement-error.js";
export { UnknownMessageTypeError } from "./unknown-message-type-error.js";
