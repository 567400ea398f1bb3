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
    /** The cloud's stable reason code (x-datapact-reason), when it gave one. A code, never data. */
    readonly reason?: string,
  ) {
    super(`${rpc} failed: ${Code[connectCode] ?? connectCode}${reason ? ` ${reason}` : ""}${transient ? " (will retry)" : ""}`);
  }

  /**
   * The request was refused for its size: too many records, or too many
   * bytes (RESOURCE_EXHAUSTED with the cloud's BATCH_TOO_LARGE, or with no
   * reason, which is what a Connect server's read limit answers). Sending
   * the same request again cannot help; sending less can.
   */
  get tooLarge(): boolean {
    return refusedForSize(this.connectCode, this.reason);
  }
}

/** Whether a call failed with `code` and `reason` because the request was too large (see CloudCallError.tooLarge). */
export function refusedForSize(code: Code, reason: string | undefined): boolean {
  return code === Code.ResourceExhausted && (reason === undefined || reason === "BATCH_TOO_LARGE");
}
