import { Flow, Hop, Tier, TransitMeasure, type TransitProtection } from "@datapact/proto";

/** Every tier, in the order findings list them. */
export const allTiers: readonly Tier[] = [Tier.DEVICE, Tier.APP, Tier.CLOUD];

/** Every hop, in the order findings list them. */
export const allHops: readonly Hop[] = [Hop.DEVICE_APP, Hop.APP_CLOUD, Hop.DEVICE_CLOUD];

/**
 * The tiers a value of `flow` may be kept at. Display-only and
 * third-party-direct values are kept nowhere (vocabulary.proto, Flow).
 */
export function tiersWithin(flow: Flow): readonly Tier[] {
  switch (flow) {
    case Flow.DEVICE:
      return [Tier.DEVICE];
    case Flow.APP:
      return [Tier.DEVICE, Tier.APP];
    case Flow.DISPLAY_ONLY:
    case Flow.THIRD_PARTY_DIRECT:
      return [];
    default:
      return allTiers;
  }
}

/**
 * The hops a value of `flow` may cross. A display-only value may cross the
 * device<->app hop to reach the screen; a FLOW_APP value reaches the app over
 * it; FLOW_DEVICE and third-party-direct values cross none.
 */
export function hopsWithin(flow: Flow): readonly Hop[] {
  switch (flow) {
    case Flow.DISPLAY_ONLY:
    case Flow.APP:
      return [Hop.DEVICE_APP];
    case Flow.DEVICE:
    case Flow.THIRD_PARTY_DIRECT:
      return [];
    default:
      return allHops;
  }
}

/** Whether a transit entry says the value crosses its hop (TRANSIT_MEASURE_NOT_TRANSMITTED says it does not). */
export function crosses(entry: TransitProtection): boolean {
  return entry.measure !== TransitMeasure.NOT_TRANSMITTED;
}
