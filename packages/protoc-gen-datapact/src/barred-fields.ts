import type { DescMessage } from "@bufbuild/protobuf";
import { planFor } from "@datapact/policy";
import { Tier } from "@datapact/proto";

/** The tiers guard types are emitted for, by the name the generated types use. */
export const TIERS = { device: Tier.DEVICE, app: Tier.APP, cloud: Tier.CLOUD } as const;
export type TierName = keyof typeof TIERS;

/**
 * The local names (oneof members included) of the fields of `message` that
 * may never be stored at each tier, as the policy engine decides them. Held
 * messages are not listed here: the guard types recurse into them.
 */
export function barredFields(message: DescMessage): Record<TierName, string[]> {
  const plan = planFor(message);
  const out = { device: [] as string[], app: [] as string[], cloud: [] as string[] };
  for (const slot of plan.slots) {
    if (slot.kind !== "leaf") continue;
    for (const [name, tier] of Object.entries(TIERS) as [TierName, Tier][]) {
      if (!slot.rule.tiers.has(tier)) out[name].push(slot.field.localName);
    }
  }
  return out;
}
