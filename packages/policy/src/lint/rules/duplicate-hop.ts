import { repeatedValues } from "../repeated-values.js";
import type { LintRule } from "../rule.js";
import { hopName } from "../vocabulary-names.js";

/**
 * DP-LINT-DUPLICATE-HOP: a field's `transit` has one entry per hop, and a
 * message's `hops` names each hop once; two entries for one hop are two
 * answers to "how is it protected on the way" (M097, M099).
 */
export const duplicateHop: LintRule = {
  id: "DP-LINT-DUPLICATE-HOP",
  severity: "error",
  mechanisms: ["M097", "M099"],
  summary: "transit or a message's hops names the same hop twice.",
  checkMessage({ message, record }, report) {
    const twice = repeatedValues(record?.hops ?? []);
    if (twice.length > 0) report(message, `hops lists ${twice.map(hopName).join(", ")} more than once`);
  },
  checkField({ field, policy }, report) {
    if (!policy) return;
    const twice = repeatedValues(policy.transit.map((t) => t.hop));
    if (twice.length > 0) report(field, `transit has more than one entry for ${twice.map(hopName).join(", ")}: one entry per hop`);
  },
};
