import { toBinary } from "@bufbuild/protobuf";
import { forStorage } from "@datapact/policy";
import { Tier } from "@datapact/proto";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-ENCRYPTED-AT-REST: besides the sealed record, the firmware keeps a
 * "last reading" copy of what it stored, for its own display, written
 * without sealing: values the pact encrypts at rest on the device lie in
 * flash in plain text. Everything else about the copy follows the policy.
 */
export const unsealedFlashCopy: TesteeFault = {
  id: "DP-ENCRYPTED-AT-REST",
  summary: "the firmware keeps an unsealed copy of each stored record in flash",
  hooks() {
    return {
      async deviceStored(device, schema, message) {
        const kept = forStorage(schema, message as never, Tier.DEVICE, { consent: device.device.consent });
        await device.backend.write(`cache/last/${schema.typeName}`, toBinary(schema, kept));
      },
    };
  },
};
