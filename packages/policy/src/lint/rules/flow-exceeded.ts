import { Flow, RetentionKind } from "@datapact/proto";
import { flowOf } from "../../annotations/read.js";
import { allHops, allTiers, crosses, hopsWithin, tiersWithin } from "../flow-reach.js";
import type { LintRule } from "../rule.js";
import { retentionOffending, storageOffending, storesNothing } from "../tier-entries.js";
import { flowName, hopName, transitMeasureName } from "../vocabulary-names.js";

/**
 * DP-LINT-FLOW-EXCEEDED: a FLOW_DEVICE value is stored, kept and moved only on
 * the device, a FLOW_APP value only on the device and in the app. Storage
 * other than NOT_STORED, retention other than NOT_STORED, or a crossing
 * transit entry beyond that reach contradicts the flow (on-device processing
 * and local modes: M040-M046; the scooter's telemetry and PIN: M044, M046).
 * A tier-less entry covers the tiers beyond the flow too, so it counts.
 */
export const flowExceeded: LintRule = {
  id: "DP-LINT-FLOW-EXCEEDED",
  severity: "error",
  mechanisms: ["M040", "M041", "M042", "M043", "M044", "M045", "M046"],
  summary: "A FLOW_DEVICE or FLOW_APP field declares storage, retention or transit beyond its flow.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    const flow = flowOf(policy);
    if (flow !== Flow.DEVICE && flow !== Flow.APP) return;
    const tiersBeyond = allTiers.filter((t) => !tiersWithin(flow).includes(t));
    const hopsBeyond = allHops.filter((h) => !hopsWithin(flow).includes(h));
    const parts: string[] = [];
    const stored = storageOffending(policy, tiersBeyond, storesNothing, false);
    if (stored.length > 0) parts.push(`storage at ${stored.join(", ")}`);
    const kept = retentionOffending(policy, tiersBeyond, (e) => e.kind === RetentionKind.NOT_STORED, false);
    if (kept.length > 0) parts.push(`retention at ${kept.join(", ")}`);
    const moved = policy.transit.filter((t) => hopsBeyond.includes(t.hop) && crosses(t));
    if (moved.length > 0) parts.push(`transit on ${moved.map((t) => `${hopName(t.hop)} (${transitMeasureName(t.measure)})`).join(", ")}`);
    if (parts.length > 0) {
      const reach = flow === Flow.DEVICE ? "never leaves the device" : "never reaches the cloud";
      report(field, `${flowName(flow)} but declares ${parts.join("; ")}: a ${flowName(flow)} value ${reach}`);
    }
  },
};
