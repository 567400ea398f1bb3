import { DeviceSdkError } from "./device-sdk-error.js";

/** Why an authenticated message was not delivered. */
export type MessageRefusal =
  /** Its function is off by default and has not been turned on at this end. */
  | "FUNCTION_DISABLED"
  /** The policy let none of its values cross the device<->app hop. */
  | "NOTHING_ALLOWED"
  /** It carries a value a third party collects directly; the SDKs never accept those. */
  | "THIRD_PARTY_DIRECT_VALUE";

/**
 * An authenticated, well-formed message the receiving end's policy refused.
 * Not necessarily an attack: a function switched off while frames were in
 * flight ends here too.
 */
export class MessageRefusedError extends DeviceSdkError {
  override readonly name = "MessageRefusedError";
  readonly code = "MESSAGE_REFUSED";
  constructor(
    readonly typeName: string,
    readonly refusal: MessageRefusal,
  ) {
    super(`${typeName}: refused (${refusal})`);
  }
}
