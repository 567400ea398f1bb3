import { Hop } from "@datapact/proto";
import type { ConsentState } from "../consent/consent-state.js";
import { isFunctionOn } from "../consent/function-state.js";
import type { ProjectionMemo } from "./projection-memo.js";
import type { Gate } from "./verdict.js";

const UPLOAD_HOPS: ReadonlySet<Hop> = new Set([Hop.APP_CLOUD, Hop.DEVICE_CLOUD]);

/**
 * The rules for crossing `hop`: the field's flow must allow the hop, its
 * function must be on, one of its purposes must have consent, and for hops
 * to the cloud its upload switch (if any) must be on.
 */
export function hopGate(hop: Hop, consent: ConsentState, memo?: ProjectionMemo): Gate {
  return {
    verdicts: memo?.verdictsOf(`hop:${hop}`),
    verdict(plan, rule) {
      if (!rule.policy) return "UNANNOTATED";
      if (!rule.hops.has(hop)) return "FLOW";
      if (!isFunctionOn(plan, consent)) return "FUNCTION_DISABLED";
      if (!rule.purposes.some((p) => consent.allowsPurpose(plan.productId, p))) return "NO_CONSENT";
      if (rule.uploadSwitch && UPLOAD_HOPS.has(hop) && !consent.isUploadEnabled(plan.productId, rule.uploadSwitch)) return "UPLOAD_SWITCH_OFF";
      return "keep";
    },
  };
}
