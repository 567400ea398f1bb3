import { Flow, RetentionKind } from "@datapact/proto";
import { flowOf } from "../../annotations/read.js";
import { retentionListsOf } from "../retention-lists.js";
import type { LintRule } from "../rule.js";
import { flowName } from "../vocabulary-names.js";

/**
 * DP-LINT-THIRD-PARTY-RETENTION-WITHOUT-THIRD-PARTY: RETENTION_KIND_THIRD_PARTY
 * ("depends on the bank") belongs to third-party-direct data, which we never
 * hold (M127). On data we do hold it leaves our own retention undeclared.
 */
export const thirdPartyRetentionWithoutThirdParty: LintRule = {
  id: "DP-LINT-THIRD-PARTY-RETENTION-WITHOUT-THIRD-PARTY",
  severity: "error",
  mechanisms: ["M127"],
  summary: "RETENTION_KIND_THIRD_PARTY on a field that is not FLOW_THIRD_PARTY_DIRECT.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    const flow = flowOf(policy);
    if (flow === Flow.THIRD_PARTY_DIRECT) return;
    const lists = retentionListsOf(policy).filter((l) => l.entries.some((e) => e.kind === RetentionKind.THIRD_PARTY));
    if (lists.length > 0) {
      report(field, `${lists.map((l) => l.label).join(", ")} uses RETENTION_KIND_THIRD_PARTY on ${flowName(flow)} data: declare how long we keep it`);
    }
  },
};
