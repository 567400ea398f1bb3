import { DeviceSdkError } from "./device-sdk-error.js";

/** Why a transport refused or lost a packet. */
export type TransportFailure =
  /** A packet larger than the transport's MTU. */
  | "PACKET_TOO_LARGE"
  /** An empty packet. */
  | "EMPTY_PACKET"
  /** A stream transport read a length prefix it cannot honour; the stream cannot be resynchronised. */
  | "BAD_PACKET_LENGTH"
  /** The underlying socket failed. */
  | "SOCKET_ERROR";

/** A byte transport refused a packet or failed. */
export class TransportError extends DeviceSdkError {
  override readonly name = "TransportError";
  readonly code = "TRANSPORT_ERROR";
  constructor(
    readonly failure: TransportFailure,
    detail = "",
  ) {
    super(`transport: ${failure}${detail ? ` (${detail})` : ""}`);
  }
}
