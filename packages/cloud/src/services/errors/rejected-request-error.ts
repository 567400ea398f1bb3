import { Code } from "@connectrpc/connect";

/** Why the cloud refused a request. Stable strings: clients and the conformance kit branch on them. */
export type RejectionReason =
  // Authentication and authorisation
  | "UNAUTHENTICATED"
  | "WRONG_PRINCIPAL"
  | "MIXED_CREDENTIALS"
  // Residency
  | "REGION_SERVED_ELSEWHERE"
  | "CROSS_REGION_ACCESS"
  // Consent and switches
  | "CONSENT_RECEIPT_UNKNOWN"
  | "CONSENT_WITHDRAWN"
  | "RECEIPT_SCOPE_MISMATCH"
  | "POLICY_VERSION_NOT_CURRENT"
  | "PURPOSE_NOT_CONSENTED"
  | "GENERAL_CONSENT_MISSING"
  | "NO_POLICY_PUBLISHED"
  | "FUNCTION_DISABLED"
  // Devices, sharing, scenes
  | "DEVICE_NOT_FOUND"
  | "DEVICE_NOT_BOUND"
  | "DEVICE_ALREADY_BOUND"
  | "BINDING_PROOF_MISSING"
  | "BINDING_PROOF_MISMATCH"
  | "BINDING_PROOF_REFUSED"
  | "SHARE_NOT_FOUND"
  | "SHARE_EXISTS"
  | "SHARE_PERMISSION_MISSING"
  | "ACCOUNT_NOT_FOUND"
  | "SCENE_NOT_FOUND"
  | "RECORD_ID_TAKEN"
  // Manufacturers
  | "USER_NOT_FOUND"
  | "PRODUCT_NOT_FOUND"
  | "PRODUCT_TAKEN"
  // Requests
  | "INVALID_REQUEST"
  | "UNKNOWN_PRODUCT"
  | "UNKNOWN_FUNCTION"
  | "UNKNOWN_UPLOAD_SWITCH"
  | "WRONG_MESSAGE_TYPE"
  | "BATCH_TOO_LARGE"
  | "ANALYTICS_STATEMENT_INVALID"
  | "INVALID_PAGE_TOKEN";

/**
 * A request the cloud refuses, with the RPC status it maps to and a stable
 * reason. Messages name ids, argument paths and rules, never values the
 * request carried: they are returned to the client and logged.
 */
export class RejectedRequestError extends Error {
  override readonly name = "RejectedRequestError";
  constructor(
    readonly rpcCode: Code,
    readonly code: RejectionReason,
    message: string,
  ) {
    super(message);
  }
}

/** INVALID_ARGUMENT with a reason. */
export function invalidArgument(code: RejectionReason, message: string): RejectedRequestError {
  return new RejectedRequestError(Code.InvalidArgument, code, message);
}

/** PERMISSION_DENIED with a reason. */
export function permissionDenied(code: RejectionReason, message: string): RejectedRequestError {
  return new RejectedRequestError(Code.PermissionDenied, code, message);
}

/** NOT_FOUND with a reason: also what a caller gets for something that exists but is not theirs. */
export function notFound(code: RejectionReason, message: string): RejectedRequestError {
  return new RejectedRequestError(Code.NotFound, code, message);
}
