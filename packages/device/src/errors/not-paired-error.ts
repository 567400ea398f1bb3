import { DeviceSdkError } from "./device-sdk-error.js";

/** A sealed frame was sent or received before pairing finished. */
export class NotPairedError extends DeviceSdkError {
  override readonly name = "NotPairedError";
  readonly code = "NOT_PAIRED";
  constructor() {
    super("the link is not paired");
  }
}
