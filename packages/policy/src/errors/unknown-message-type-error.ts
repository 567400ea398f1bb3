import { PolicyError } from "./policy-error.js";

/** A message type the policy's registry does not know. */
export class UnknownMessageTypeError extends PolicyError {
  override readonly name = "UnknownMessageTypeError";
  readonly code = "UNKNOWN_MESSAGE_TYPE";
  constructor(readonly typeName: string) {
    super(`unknown message type ${JSON.stringify(typeName)}`);
  }
}
