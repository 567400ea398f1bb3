import { PolicyError } from "./policy-error.js";

/** Why a DataUseStatement was refused. */
export type StatementViolation =
  | "MISSING_STATEMENT"
  | "MESSAGE_TYPE_MISMATCH"
  | "PRODUCT_MISMATCH"
  | "NO_PURPOSE"
  | "UNDECLARED_PURPOSE"
  | "UNDECLARED_QUALIFIER"
  | "UNDERSTATED_QUALIFIER"
  | "FIELD_OUTSIDE_PURPOSES"
  | "MISSING_POLICY_VERSION"
  | "MISSING_CONSENT_RECEIPT";

/**
 * A record's DataUseStatement is missing or claims more than its schema
 * allows (or less than its content needs). The cloud maps this to
 * INVALID_ARGUMENT.
 */
export class StatementError extends PolicyError {
  override readonly name = "StatementError";
  readonly code = "INVALID_STATEMENT";
  constructor(
    readonly violation: StatementViolation,
    /** Full name of the record's message type, when known. */
    readonly typeName: string,
    detail: string,
  ) {
    super(`${typeName || "record"}: ${violation}: ${detail}`);
  }
}
