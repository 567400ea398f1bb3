import { conformance } from "@datapact/proto";

/** The name of a harness step: a HarnessRequest.step oneof case, e.g. `bindDevice` (proto `bind_device`). */
export type StepName = NonNullable<conformance.HarnessRequest["step"]["case"]>;

/** The message a step of `name` carries. */
export type StepMessage<N extends StepName> = Extract<conformance.HarnessRequest["step"], { case: N }>["value"];

const stepOneof = conformance.HarnessRequestSchema.oneofs.find((o) => o.name === "step")!;

/** Every step of the protocol, in field-number order, read from the descriptor so it never drifts. */
export const allStepNames: readonly StepName[] = stepOneof.fields.map((f) => f.localName as StepName);

const protoNames = new Map(stepOneof.fields.map((f) => [f.localName, f.name]));
const localNames = new Map(stepOneof.fields.map((f) => [f.name, f.localName as StepName]));

/**
 * Steps every testee must implement. The others are optional: a testee lists
 * what it implements in DescribeResult.supported_steps, and an invariant that
 * needs an optional step the testee lacks is reported as not applicable.
 */
export const requiredSteps: readonly StepName[] = [
  "describe",
  "reset",
  "createAccount",
  "bindDevice",
  "unbindDevice",
  "setFunction",
  "giveConsent",
  "withdrawConsent",
  "emitDeviceFrame",
  "appRecord",
  "sync",
  "export",
  "delete",
  "dump",
];

/** The proto field name of a step (`bind_device` for `bindDevice`): what DescribeResult.supported_steps lists and reports print. */
export function protoStepName(name: StepName): string {
  return protoNames.get(name) ?? name;
}

/** The step a proto field name (or local name) denotes, or undefined when the protocol has no such step. */
export function stepNameOf(name: string): StepName | undefined {
  return localNames.get(name) ?? (protoNames.has(name) ? (name as StepName) : undefined);
}
