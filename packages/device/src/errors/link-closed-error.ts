import { DeviceSdkError } from "./device-sdk-error.js";

/** The link or its transport is closed. */
export class LinkClosedError extends DeviceSdkError {
  override readonly name = "LinkClosedError";
  readonly code = "LINK_CLOSED";
  constructor() {
    super("the link is closed");
  }
}
