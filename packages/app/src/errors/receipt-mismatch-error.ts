import { AppSdkError } from "./app-sdk-error.js";

/** The cloud answered GiveConsent with a receipt for something other than what was asked. Nothing was recorded. */
export class ReceiptMismatchError extends AppSdkError {
  override readonly name = "ReceiptMismatchError";
  readonly code = "RECEIPT_MISMATCH";
  constructor(readonly field: "missing" | "receipt_id" | "product_id" | "policy_kind" | "policy_version" | "purposes") {
    super(`the cloud's consent receipt does not match the request: ${field}`);
  }
}
