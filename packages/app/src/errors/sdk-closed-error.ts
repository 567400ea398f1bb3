import { AppSdkError } from "./app-sdk-error.js";

/** The SDK (or one of its clients) was used after close(). */
export class SdkClosedError extends AppSdkError {
  override readonly name = "SdkClosedError";
  readonly code = "SDK_CLOSED";
  constructor() {
    super("the app SDK is closed");
  }
}
