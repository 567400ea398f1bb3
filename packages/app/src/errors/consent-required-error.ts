import { AppSdkError } from "./app-sdk-error.js";

/**
 * A request whose every field is needed (a share, say) would lose fields to
 * the policy: the user has not consented to the purposes, or the function is
 * off. Nothing was sent.
 */
export class ConsentRequiredError extends AppSdkError {
  override readonly name = "ConsentRequiredError";
  readonly code = "CONSENT_REQUIRED";
  constructor(
    readonly productId: string,
    /** Full name of the message type. */
    readonly typeName: string,
    /** Paths of the fields the policy removed. */
    readonly fieldPaths: readonly string[],
  ) {
    super(`${typeName}: the policy removes ${fieldPaths.join(", ")} for product ${productId}; ask the user for consent first`);
  }
}
