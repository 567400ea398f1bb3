import { Code } from "@connectrpc/connect";
import { DataRightsError } from "./data-rights-error.js";

/** A correction named a record the caller does not have (never stored, deleted, or someone else's). */
export class RecordNotFoundError extends DataRightsError {
  override readonly name = "RecordNotFoundError";
  readonly code = "RECORD_NOT_FOUND";
  readonly rpcCode = Code.NotFound;
  constructor(readonly recordId: string) {
    super(`no record ${recordId} of this caller`);
  }
}
