import {
  Flow,
  Hop,
  IdentificationQualifier,
  Purpose,
  RetentionKind,
  Tier,
  TransitMeasure,
  type FieldPolicy,
} from "@datapact/proto";
import { flowOf, retentionAt } from "../annotations/read.js";
import type { InventoryField } from "../inventory/inventory-row.js";

/**
 * What the store labels ask about one field, answered from its annotations.
 * Both stores count data as "collected" only when it leaves the user's
 * devices for the developer's servers; what stays on the device or phone,
 * what is only shown on the device's screen and what a third party (the
 * bank) collects directly is not collected by the app.
 */

const cloudHops: readonly Hop[] = [Hop.APP_CLOUD, Hop.DEVICE_CLOUD];
const encryptingMeasures: readonly TransitMeasure[] = [
  TransitMeasure.TLS,
  TransitMeasure.TLS_AND_PAYLOAD,
  TransitMeasure.END_TO_END,
  TransitMeasure.MQTT_TLS,
];

/**
 * Whether the value reaches the developer's cloud: its flow allows it and,
 * where it declares hops, one of them goes to the cloud.
 */
export function isCollected(policy: FieldPolicy): boolean {
  if (flowOf(policy) !== Flow.CLOUD) return false;
  const toCloud = policy.transit.filter((t) => cloudHops.includes(t.hop));
  if (policy.transit.length > 0 && toCloud.length === 0) return false;
  return toCloud.length === 0 || toCloud.some((t) => t.measure !== TransitMeasure.NOT_TRANSMITTED);
}

/** Whether every hop to the cloud the field declares is encrypted (none declared: not known to be). */
export function isEncryptedInTransit(policy: FieldPolicy): boolean {
  const toCloud = policy.transit.filter((t) => cloudHops.includes(t.hop) && t.measure !== TransitMeasure.NOT_TRANSMITTED);
  return toCloud.length > 0 && toCloud.every((t) => encryptingMeasures.includes(t.measure));
}

/** Whether the cloud keeps it only while processing the request (Google's "processed ephemerally"). */
export function isEphemeral(policy: FieldPolicy): boolean {
  const kind = retentionAt(policy, Tier.CLOUD)?.kind;
  return kind === RetentionKind.TRANSIENT || kind === RetentionKind.NOT_STORED;
}

/** Whether the cloud copy lives until the user asks for its deletion. */
export function isDeletableOnRequest(policy: FieldPolicy): boolean {
  return retentionAt(policy, Tier.CLOUD)?.kind === RetentionKind.UNTIL_USER_REQUEST;
}

/**
 * Whether the user chooses if it is collected: its function is off by
 * default, it has an upload switch, or it serves no purpose the app needs to
 * work (analytics, personalization and advertising run on consent).
 */
export function isOptional(field: InventoryField): boolean {
  if (field.row.offByDefault || field.row.uploadSwitch !== null) return true;
  return !field.policy.purposes.includes(Purpose.FUNCTIONALITY);
}

/** The qualifier a purpose is served under: its own `uses` entry, else the field's. */
export function qualifierFor(policy: FieldPolicy, purpose: Purpose): IdentificationQualifier {
  return policy.uses.find((u) => u.purpose === purpose)?.qualifier ?? policy.qualifier;
}

/** Whether any purpose is served with the datum linked to the person. */
export function isLinkedToUser(policy: FieldPolicy): boolean {
  return policy.purposes.some((p) => qualifierFor(policy, p) === IdentificationQualifier.IDENTIFIED);
}

/**
 * Whether it is used to advertise with the person identified. The pact has
 * no notion of a data broker or another company's ads, so identified
 * advertising is the closest it comes to Apple's "tracking"; declaring it
 * over-discloses rather than hides.
 */
export function isTracking(policy: FieldPolicy): boolean {
  return (
    policy.purposes.includes(Purpose.ADVERTISING) &&
    qualifierFor(policy, Purpose.ADVERTISING) === IdentificationQualifier.IDENTIFIED
  );
}
