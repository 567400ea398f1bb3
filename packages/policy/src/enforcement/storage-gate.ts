import type { Tier } from "@datapact/proto";
import type { ConsentState } from "../consent/consent-state.js";
import { isFunctionOn } from "../consent/function-state.js";
import type { ProjectionMemo } from "./projection-memo.js";
import type { Gate, GateVerdicts } from "./verdict.js";

// Without a consent state the verdicts depend on the tier alone: kept for good.
const consentFreeVerdicts = new Map<Tier, GateVerdicts>();

/**
 * The rules for writing at `tier`: the field's flow must reach the tier and
 * its storage and retention there must keep it. With a consent state, the
 * function must also be on and one of the field's purposes consented.
 */
export function storageGate(tier: Tier, consent?: ConsentState, memo?: ProjectionMemo): Gate {
  let verdicts: GateVerdicts | undefined;
  if (consent) verdicts = memo?.verdictsOf(`storage:${tier}`);
  else if (!(verdicts = consentFreeVerdicts.get(tier))) consentFreeVerdicts.set(tier, (verdicts = new WeakMap()));
  return {
    verdicts,
    verdict(plan, rule) {
      if (!rule.policy) return "UNANNOTATED";
      if (!rule.tiers.has(tier)) return "NOT_STORED_AT_TIER";
      if (consent) {
        if (!isFunctionOn(plan, consent)) return "FUNCTION_DISABLED";
        if (!rule.purposes.some((p) => consent.allowsPurpose(plan.productId, p))) return "NO_CONSENT";
      }
      return "keep";
    },
  };
}
