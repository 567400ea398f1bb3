import { Code } from "@connectrpc/connect";
import { AppSdkError } from "./app-sdk-error.js";

/**
 * A call to the cloud failed. `transient` says whether trying again later
 * can help (unreachable, timed out, overloaded) or not (the cloud refused the
 * request). The server's message is not kept: it could quote data.
 */
export class CloudCallError extends AppSdkError {
  override readonly name = "CloudCallError";
  readonly code = "CLOUD_CALL_FAILED";
  constructor(
    /** `Service/Method`. */
    readonly rpc: string,
    /** The Connect code. */
    readonly connectCode: Code,
    readonly transient: boolean,
  ) {
    super(`${rpc} failed: ${Code[connectCode] ?? connectCode}${transient ? " (will retry)" : ""}`);
  }
}
