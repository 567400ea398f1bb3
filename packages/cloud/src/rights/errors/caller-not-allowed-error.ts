import { Code } from "@connectrpc/connect";
import { DataRightsError } from "./data-rights-error.js";

/**
 * The caller may not exercise this right: data rights belong to the data
 * subject (an account for its own data, an enrolled install for what its
 * token collected), never to a device, a manufacturer, or a party a device
 * was shared with acting on the owner's data.
 */
export class CallerNotAllowedError extends DataRightsError {
  override readonly name = "CallerNotAllowedError";
  readonly code = "CALLER_NOT_ALLOWED";
  readonly rpcCode: Code;
  constructor(
    /** The kind of caller refused: `anonymous`, `device`, `manufacturer`, `install`. */
    readonly callerKind: string,
  ) {
    super(`a ${callerKind} caller may not exercise this data right`);
    this.rpcCode = callerKind === "anonymous" ? Code.Unauthenticated : Code.PermissionDenied;
  }
}
