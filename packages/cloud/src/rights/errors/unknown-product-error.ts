import { Code } from "@connectrpc/connect";
import { DataRightsError } from "./data-rights-error.js";

/** A request named a product the pact does not declare. The name is not echoed: the client chose it. */
export class UnknownProductError extends DataRightsError {
  override readonly name = "UnknownProductError";
  readonly code = "UNKNOWN_PRODUCT";
  readonly rpcCode = Code.InvalidArgument;
  constructor() {
    super("the pact declares no such product");
  }
}
