import type { Path } from "@bufbuild/protobuf/reflect";
import { PolicyError, safePathString } from "./policy-error.js";

/**
 * A value the pact marks FLOW_THIRD_PARTY_DIRECT (collected by a third party
 * such as the card-issuing bank) reached an SDK. It is refused at entry, and
 * nothing of the message is used.
 */
export class ThirdPartyDirectValueError extends PolicyError {
  override readonly name = "ThirdPartyDirectValueError";
  readonly code = "THIRD_PARTY_DIRECT_VALUE";
  constructor(
    /** Full name of the message type. */
    readonly typeName: string,
    /** Where the value was. */
    readonly path: Path,
  ) {
    super(`${typeName}: field ${safePathString(path)} is collected by a third party directly and must never be handed to the SDK`);
  }
}
