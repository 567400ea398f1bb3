import { toBinary } from "@bufbuild/protobuf";
import { forAccountChannel, forStorage, partitionAtRest, type ConsentState } from "@datapact/policy";
import { Hop, Tier } from "@datapact/proto";
import type { TesteeFault } from "./testee-fault.js";

/** The app's consent, except that every function counts as on. */
function ignoringFunctionSwitches(consent: ConsentState): ConsentState {
  return {
    allowsPurpose: (p, purpose) => consent.allowsPurpose(p, purpose),
    isFunctionEnabled: () => true,
    isFunctionDisabled: () => false,
    isUploadEnabled: (p, name) => consent.isUploadEnabled(p, name),
  };
}

/**
 * DP-FUNCTIONS-OFF-BY-DEFAULT: the app keeps an offline history of every
 * record it is handed, projected as carefully as a sync (only what the
 * account may see, only what the phone may keep, nothing it would have to
 * encrypt), except that it never asks whether the record's function is on:
 * a function that is off (smart scenes, debug logs, usage reports) still
 * leaves data on the phone.
 */
export const ungatedOfflineHistory: TesteeFault = {
  id: "DP-FUNCTIONS-OFF-BY-DEFAULT",
  summary: "the app keeps an offline history of the records it is handed without checking whether their function is on",
  hooks() {
    let n = 0;
    return {
      async appRecording(app, schema, message) {
        const consent = ignoringFunctionSwitches(app.sdk.consent);
        try {
          const linked = forAccountChannel(schema, message as never, Hop.APP_CLOUD, consent);
          const kept = partitionAtRest(schema, forStorage(schema, linked, Tier.APP, { consent }), Tier.APP).plain;
          const bytes = toBinary(schema, kept);
          if (bytes.length > 0) await app.storage.set(`history.${++n}`, bytes);
        } catch {
          // A record the policy refuses outright is the SDK's to refuse.
        }
        return message;
      },
    };
  },
};
