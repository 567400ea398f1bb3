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
  // Runs once per stored record: the earliest instant is kept as a number
  // and becomes a Date once, rather than a Date per field and purpose.
  let earliest = Infinity;
  for (const rule of setLeaves(planFor(schema), message)) {
    // Each stated purpose the field serves; with none stated, or none served, the field's retention regardless of purpose.
    let served = false;
    if (purposes.length > 0) {
      for (const p of rule.purposes) {
        if (!purposes.includes(p)) continue;
        served = true;
        earliest = Math.min(earliest, fixedExpiryMs(rule, tier, collectedAt, p));
      }
    }
    if (!served) earliest = Math.min(earliest, fixedExpiryMs(rule, tier, collectedAt, undefined));
  }
  return earliest === Infinity ? undefined : new Date(earliest);
}

/** {@link fieldExpiry}'s instant in milliseconds when it is fixed, Infinity otherwise. */
function fixedExpiryMs(rule: FieldRule, tier: Tier, collectedAt: Date, purpose: Purpose | undefined): number {
  if (!rule.tiers.has(tier)) return Infinity;
  const retention = rule.retentionFor(tier, purpose);
  return retention?.kind === RetentionKind.FIXED_PERIOD ? collectedAt.getTime() + retention.days * DAY_MS : Infinity;
}
