import { DeviceSdkError } from "./device-sdk-error.js";

/**
 * A pact message type the link's catalog does not hold: a received type id
 * nobody registered, or a schema the sender tried to send without
 * registering it.
 */
export class UnknownLinkMessageTypeError extends DeviceSdkError {
  override readonly name = "UnknownLinkMessageTypeError";
  readonly code = "UNKNOWN_MESSAGE_TYPE";
  constructor(
    readonly typeId: number,
    /** The full type name when the sender knows it; "" on receipt. */
    readonly typeName = "",
  ) {
    super(`message type ${typeName ? `${typeName} ` : ""}(id 0x${typeId.toString(16).padStart(8, "0")}) is not in the link's catalog`);
  }
}
