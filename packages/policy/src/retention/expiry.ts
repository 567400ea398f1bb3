import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { RetentionKind, type Purpose, type Tier } from "@datapact/proto";
import type { FieldRule } from "../plan/field-rule.js";
import { planFor } from "../plan/message-plan.js";
import { setLeaves } from "../plan/set-leaves.js";

const DAY_MS = 86_400_000;

/**
 * When a stored value ends:
 * - `at`: a fixed instant (fixed-period retention);
 * - `event`: when something happens (unpair, factory reset, the user's
 *   request, uninstall), carried as the retention kind;
 * - `never-stored`: the value must not be stored at this tier at all.
 */
export type Expiry =
  | { readonly kind: "at"; readonly at: Date }
  | { readonly kind: "event"; readonly until: RetentionKind }
  | { readonly kind: "never-stored" };

/** The expiry of one field's value kept at `tier` for `purpose`, collected at `collectedAt`. */
export function fieldExpiry(rule: FieldRule, tier: Tier, collectedAt: Date, purpose?: Purpose): Expiry {
  if (!rule.tiers.has(tier)) return { kind: "never-stored" };
  const retention = rule.retentionFor(tier, purpose);
  if (!retention) return { kind: "event", until: RetentionKind.UNTIL_USER_REQUEST };
  switch (retention.kind) {
    case RetentionKind.FIXED_PERIOD:
      return { kind: "at", at: new Date(collectedAt.getTime() + retention.days * DAY_MS) };
    case RetentionKind.NOT_STORED:
    case RetentionKind.TRANSIENT:
    case RetentionKind.THIRD_PARTY:
      return { kind: "never-stored" };
    default:
      return { kind: "event", until: retention.kind };
  }
}

/**
 * The instant a stored record must be gone by: the earliest fixed expiry of
 * any field it carries, for the purposes it is kept for. Undefined when no
 * field has a fixed period (the record lives until an event such as the
 * user's request).
 */
export function recordExpiry<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  tier: Tier,
  collectedAt: Date,
  purposes: readonly Purpose[],
): Date | undefined {
  let earliest: Date | undefined;
  for (const rule of setLeaves(planFor(schema), message)) {
    const serving = purposes.length > 0 ? rule.purposes.filter((p) => purposes.includes(p)) : [undefined];
    for (const p of serving.length > 0 ? serving : [undefined]) {
      const e = fieldExpiry(rule, tier, collectedAt, p);
      if (e.kind === "at" && (!earliest || e.at < earliest)) earliest = e.at;
    }
  }
  return earliest;
}
