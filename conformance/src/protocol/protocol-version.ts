import { conformance } from "@datapact/proto";

/** The harness protocol version this kit speaks. */
export const kitProtocolVersion: conformance.ProtocolVersion = conformance.ProtocolVersion.PROTOCOL_VERSION_1;
