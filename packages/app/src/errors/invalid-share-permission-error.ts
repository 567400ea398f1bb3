import { AppSdkError } from "./app-sdk-error.js";

/** A share may grant viewing and basic control only (seed mechanism M145). */
export class InvalidSharePermissionError extends AppSdkError {
  override readonly name = "InvalidSharePermissionError";
  readonly code = "INVALID_SHARE_PERMISSION";
  constructor(readonly permission: number) {
    super(`share permission ${permission} is not allowed: a shared party may only view and control basic functions`);
  }
}
