import { StorageError } from "./storage-error.js";

/** A page token that this store did not issue, or issued for another query. */
export class InvalidPageTokenError extends StorageError {
  override readonly name = "InvalidPageTokenError";
  readonly code = "INVALID_PAGE_TOKEN";
  constructor() {
    super("the page token is malformed or belongs to another query");
  }
}
