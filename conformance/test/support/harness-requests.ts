import { create } from "@bufbuild/protobuf";
import { conformance } from "@datapact/proto";

/** A harness request of protocol version 1 with the given step number and step. */
export function request(stepNumber: number, step: conformance.HarnessRequest["step"]): conformance.HarnessRequest {
  return create(conformance.HarnessRequestSchema, {
    protocolVersion: conformance.ProtocolVersion.PROTOCOL_VERSION_1,
    stepNumber: BigInt(stepNumber),
    step,
  });
}

export const describeStep = (n = 1): conformance.HarnessRequest => request(n, { case: "describe", value: create(conformance.DescribeStepSchema) });
export const resetStep = (n = 1): conformance.HarnessRequest => request(n, { case: "reset", value: create(conformance.ResetStepSchema) });
export const syncStep = (n = 1): conformance.HarnessRequest => request(n, { case: "sync", value: create(conformance.SyncStepSchema, { account: "a1" }) });
