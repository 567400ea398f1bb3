import { Hop, Purpose, RetentionKind, StorageMeasure, TransitMeasure, type FieldPolicy } from "@datapact/proto";
import { retentionListsOf } from "../retention-lists.js";
import type { LintRule } from "../rule.js";
import { entryPlace, hopName } from "../vocabulary-names.js";

function unsetValues(policy: FieldPolicy): string[] {
  const out: string[] = [];
  if (policy.purposes.includes(Purpose.UNSPECIFIED)) out.push("purposes contains PURPOSE_UNSPECIFIED");
  for (const t of policy.transit) {
    if (t.hop === Hop.UNSPECIFIED) out.push("a transit entry has no hop");
    if (t.measure === TransitMeasure.UNSPECIFIED) out.push(`transit on ${hopName(t.hop)} has no measure`);
  }
  for (const s of policy.storage) {
    if (s.measure === StorageMeasure.UNSPECIFIED) out.push(`storage ${entryPlace(s.tier)} has no measure`);
  }
  for (const list of retentionListsOf(policy)) {
    for (const r of list.entries) if (r.kind === RetentionKind.UNSPECIFIED) out.push(`${list.label} ${entryPlace(r.tier)} has no kind`);
  }
  for (const u of policy.uses) if (u.purpose === Purpose.UNSPECIFIED) out.push("a uses entry has no purpose");
  return out;
}

/**
 * DP-LINT-UNSPECIFIED-VALUE: an entry in a list says what it is about and what
 * it declares: a transit entry names its hop and measure, a storage entry its
 * measure (TIER_UNSPECIFIED is the tier-less entry and is allowed), a
 * retention entry its kind, a use its purpose, and no list holds
 * PURPOSE_UNSPECIFIED or HOP_UNSPECIFIED. An unset value is enforced as
 * nothing (M091, M097, M115, M117).
 */
export const unspecifiedValue: LintRule = {
  id: "DP-LINT-UNSPECIFIED-VALUE",
  severity: "error",
  mechanisms: ["M091", "M097", "M115", "M117"],
  summary: "An annotation entry leaves its hop, measure, kind or purpose unspecified.",
  checkMessage({ message, record }, report) {
    if (record?.hops.includes(Hop.UNSPECIFIED)) report(message, "hops contains HOP_UNSPECIFIED: name the hop");
  },
  checkField({ field, policy }, report) {
    if (!policy) return;
    const unset = unsetValues(policy);
    if (unset.length > 0) report(field, `${unset.join("; ")}: every entry says what it declares`);
  },
};
