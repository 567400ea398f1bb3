// The pact's generated types, plus a registry of every file, for tests that walk all product types.
import { createRegistry, type Registry } from "@bufbuild/protobuf";
import { pactFiles } from "@datapact/proto";

export { cloud, Flow, Hop, MessageRole, Purpose, Tier } from "@datapact/proto";

/** A registry of every file of the pact. */
export function createRegistryFromPact(): Registry {
  return createRegistry(...pactFiles);
}
