import { Code } from "@connectrpc/connect";
import { DataRightsError } from "./data-rights-error.js";

/** Why a data-rights request was malformed. */
export type RightsRequestProblem =
  /** A required part is missing or empty. */
  | "MISSING"
  /** An id is not an id (empty, too long, control characters). */
  | "MALFORMED_ID"
  /** A correction changes the record's message type. */
  | "TYPE_CHANGED"
  /** A correction claims purposes the corrected record was not kept for. */
  | "PURPOSES_WIDENED"
  /** A time that is not a valid instant. */
  | "INVALID_TIME";

/** A data-rights request that cannot be acted on as sent. Nothing was changed. */
export class InvalidRightsRequestError extends DataRightsError {
  override readonly name = "InvalidRightsRequestError";
  readonly code = "INVALID_RIGHTS_REQUEST";
  readonly rpcCode = Code.InvalidArgument;
  constructor(
    readonly problem: RightsRequestProblem,
    /** The argument at fault, e.g. `record.statement`. */
    readonly argument: string,
  ) {
    super(`${argument}: ${problem}`);
  }
}
