import { AppSdkError } from "./app-sdk-error.js";

/**
 * A function switch or upload switch the product's annotations do not
 * declare, or a function that is not off by default (the pact keeps those
 * on; only off-by-default functions have a switch).
 */
export class UnknownControlError extends AppSdkError {
  override readonly name = "UnknownControlError";
  readonly code = "UNKNOWN_CONTROL";
  constructor(
    readonly kind: "function" | "upload_switch",
    readonly productId: string,
    readonly control: string,
    reason: "not-declared" | "not-off-by-default",
  ) {
    super(`product ${productId}: ${kind} ${JSON.stringify(control)} ${reason === "not-declared" ? "is not declared by its schemas" : "is not off by default, so it has no switch"}`);
  }
}
