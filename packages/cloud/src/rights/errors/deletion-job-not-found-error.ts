import { Code } from "@connectrpc/connect";
import { DataRightsError } from "./data-rights-error.js";

/** No deletion job with that id belongs to the caller (it may exist for someone else: the answer is the same). */
export class DeletionJobNotFoundError extends DataRightsError {
  override readonly name = "DeletionJobNotFoundError";
  readonly code = "DELETION_JOB_NOT_FOUND";
  readonly rpcCode = Code.NotFound;
  constructor(readonly jobId: string) {
    super(`no deletion job ${jobId} of this caller`);
  }
}
