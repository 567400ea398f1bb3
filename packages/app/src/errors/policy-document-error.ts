import { AppSdkError } from "./app-sdk-error.js";

/**
 * A consent or a policy change refers to a policy document the store does
 * not know, contradicts a version already adopted, or names purposes the
 * document does not declare.
 */
export class PolicyDocumentError extends AppSdkError {
  override readonly name = "PolicyDocumentError";
  readonly code = "POLICY_DOCUMENT";
  constructor(
    readonly violation: "UNKNOWN_POLICY" | "UNKNOWN_VERSION" | "VERSION_CONFLICT" | "PURPOSE_NOT_DECLARED" | "NO_PURPOSE",
    /** `general` or the product id. */
    readonly scope: string,
    readonly version: string,
  ) {
    super(`policy ${scope} version ${JSON.stringify(version)}: ${violation}`);
  }
}
