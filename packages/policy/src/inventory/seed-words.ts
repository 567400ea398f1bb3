import { create } from "@bufbuild/protobuf";
import {
  DataCategory,
  FieldPolicySchema,
  Flow,
  Hop,
  IdentificationQualifier,
  Purpose,
  RetentionKind,
  StorageAlgorithm,
  StorageMeasure,
  Tier,
  TransitMeasure,
  type FieldPolicy,
  type PurposeUse,
  type Retention,
  type StorageProtection,
} from "@datapact/proto";
import { flowOf, retentionAt, storageAt } from "../annotations/read.js";

/**
 * The seeds' words for the vocabulary: how the white papers' inventory
 * tables say each value, so a regenerated table reads like the original.
 * Values the seeds never use get words in the same style.
 */

/** The seeds' "Type" column. */
export const categoryWords: Readonly<Record<DataCategory, string>> = {
  [DataCategory.UNSPECIFIED]: "Unspecified",
  [DataCategory.IDENTIFIERS]: "Identifiers",
  [DataCategory.CONTACT_INFO]: "Contact information",
  [DataCategory.FINANCIAL_INFO]: "Financial information",
  [DataCategory.HEALTH_AND_FITNESS]: "Sensitive information",
  [DataCategory.LOCATION]: "Location",
  [DataCategory.USER_CONTENT]: "User content",
  [DataCategory.USAGE_DATA]: "Usage data",
  [DataCategory.DIAGNOSTICS]: "Diagnostics",
  [DataCategory.PURCHASES]: "Purchases",
  [DataCategory.CONTACTS]: "Contacts",
  [DataCategory.BROWSING_HISTORY]: "Browsing history",
  [DataCategory.SEARCH_HISTORY]: "Search history",
  [DataCategory.OTHER]: "Other data",
};

export const qualifierWords: Readonly<Record<IdentificationQualifier, string>> = {
  [IdentificationQualifier.UNSPECIFIED]: "Unspecified",
  [IdentificationQualifier.IDENTIFIED]: "Identified data",
  [IdentificationQualifier.PSEUDONYMIZED]: "Pseudonymized data",
  [IdentificationQualifier.UNLINKED_PSEUDONYMIZED]: "Unlinked pseudonymized data",
  [IdentificationQualifier.ANONYMIZED]: "Anonymized data",
  [IdentificationQualifier.AGGREGATED]: "Aggregated data",
};

export const purposeWords: Readonly<Record<Purpose, string>> = {
  [Purpose.UNSPECIFIED]: "Unspecified",
  [Purpose.FUNCTIONALITY]: "App/device functionality",
  [Purpose.ANALYTICS]: "Analytics",
  [Purpose.PERSONALIZATION]: "Personalization",
  [Purpose.ADVERTISING]: "Advertising",
};

/** Hop prefixes as the seeds write them ("Device: BLE App<-->Cloud: HTTPS"). */
export const hopWords: Readonly<Record<Hop, string>> = {
  [Hop.UNSPECIFIED]: "Any hop",
  [Hop.DEVICE_APP]: "Device",
  [Hop.APP_CLOUD]: "App<-->Cloud",
  [Hop.DEVICE_CLOUD]: "Device<-->Cloud",
};

export const transitWords: Readonly<Record<TransitMeasure, string>> = {
  [TransitMeasure.UNSPECIFIED]: "Unspecified",
  [TransitMeasure.BLE_LINK]: "BLE",
  [TransitMeasure.TLS]: "HTTPS",
  [TransitMeasure.TLS_AND_PAYLOAD]: "HTTPS, AES-128",
  [TransitMeasure.END_TO_END]: "End-to-end encryption",
  [TransitMeasure.MQTT_TLS]: "MQTT over TLS",
  [TransitMeasure.WIFI_WPA]: "Wi-Fi (WPA2/WPA3)",
  [TransitMeasure.NOT_TRANSMITTED]: "Not transmitted",
};

/** Tier prefixes; app and cloud together are the seeds' "App&cloud". */
const tierWords: Readonly<Record<Tier, string>> = {
  [Tier.UNSPECIFIED]: "",
  [Tier.DEVICE]: "Device",
  [Tier.APP]: "App",
  [Tier.CLOUD]: "Cloud",
};

const algorithmWords: Readonly<Record<StorageAlgorithm, string>> = {
  [StorageAlgorithm.UNSPECIFIED]: "",
  [StorageAlgorithm.AES_128]: "AES-128",
  [StorageAlgorithm.AES_256]: "AES-256",
  [StorageAlgorithm.AES_128_KEY_SERVICE]: "keycenter AES-128",
  [StorageAlgorithm.AES_128_ENCRYPTION_SDK]: "AES-128 with encryption SDK",
  [StorageAlgorithm.AES_128_BASE64]: "AES 128+Base64",
  [StorageAlgorithm.MD5]: "MD5",
  [StorageAlgorithm.SHA1]: "SHA-1",
  [StorageAlgorithm.SALTED_PEPPERED_HASH]: "Salted hash",
};

const storageMeasureWords: Readonly<Record<StorageMeasure, string>> = {
  [StorageMeasure.UNSPECIFIED]: "Unspecified",
  [StorageMeasure.PLAIN]: "No encryption",
  [StorageMeasure.FIELD_ENCRYPTED]: "Encryption",
  [StorageMeasure.HASHED]: "Hashed",
  [StorageMeasure.MASKED]: "Mask with *",
  [StorageMeasure.NOT_STORED]: "Not stored",
};

const retentionWords: Readonly<Record<RetentionKind, string>> = {
  [RetentionKind.UNSPECIFIED]: "Unspecified",
  [RetentionKind.UNTIL_UNPAIR]: "Unpair or restore the factory-released binding with the user",
  [RetentionKind.UNTIL_FACTORY_RESET]: "Factory reset",
  [RetentionKind.UNTIL_USER_REQUEST]: "Per user request",
  [RetentionKind.FIXED_PERIOD]: "days",
  [RetentionKind.NOT_STORED]: "Not stored",
  [RetentionKind.UNTIL_UNINSTALL]: "Uninstall",
  [RetentionKind.TRANSIENT]: "Discarded after milliseconds of processing time",
  [RetentionKind.THIRD_PARTY]: "Depends on the third party that collects it",
};

/** Words for a value of an enum the table above does not know (a newer vocabulary). */
function wordOf<K extends number>(table: Readonly<Record<K, string>>, value: K): string {
  return table[value] ?? `Unknown (${value})`;
}

/** "Identified data", or the seeds' words for the two special flows. */
export function qualifierText(policy: FieldPolicy): string {
  const flow = flowOf(policy);
  if (flow === Flow.DISPLAY_ONLY) return "Only to display on device";
  if (flow === Flow.THIRD_PARTY_DIRECT) return "Collected directly by a third party";
  return wordOf(qualifierWords, policy.qualifier);
}

/** The seeds' "Purpose" cell: the first purpose capitalised, the rest lower case. */
export function purposesText(purposes: readonly Purpose[]): string {
  return purposes.map((p, i) => (i === 0 ? wordOf(purposeWords, p) : wordOf(purposeWords, p).toLowerCase())).join(", ");
}

/** "Device: BLE App<-->Cloud: HTTPS"; "-" when the field crosses no hop. */
export function transmissionText(policy: FieldPolicy): string {
  if (policy.transit.length === 0) return "-";
  // The seed says "Not transmitted" once, not once per hop.
  if (policy.transit.every((t) => t.measure === TransitMeasure.NOT_TRANSMITTED)) return transitWords[TransitMeasure.NOT_TRANSMITTED];
  const order = [Hop.DEVICE_APP, Hop.DEVICE_CLOUD, Hop.APP_CLOUD, Hop.UNSPECIFIED];
  return [...policy.transit]
    .sort((a, b) => order.indexOf(a.hop) - order.indexOf(b.hop))
    .map((t) => `${wordOf(hopWords, t.hop)}: ${wordOf(transitWords, t.measure)}`)
    .join(" ");
}

/** One storage entry in the seeds' words ("AES-128", "No encryption", "MD5"). */
export function storageProtectionText(entry: StorageProtection): string {
  const algorithm = wordOf(algorithmWords, entry.algorithm);
  if (algorithm !== "" && (entry.measure === StorageMeasure.FIELD_ENCRYPTED || entry.measure === StorageMeasure.HASHED)) {
    return algorithm;
  }
  return wordOf(storageMeasureWords, entry.measure);
}

/** One retention entry in the seeds' words ("Per user request", "90 days"). */
export function retentionEntryText(entry: Retention): string {
  if (entry.kind === RetentionKind.FIXED_PERIOD) return `${entry.days} days`;
  return wordOf(retentionWords, entry.kind);
}

const tiers = [Tier.DEVICE, Tier.APP, Tier.CLOUD] as const;

/**
 * A per-tier list in the seeds' style. A single tier-less entry is a bare
 * value ("No encryption"); otherwise each tier's effective value, with
 * neighbouring tiers that agree written together ("App&cloud: Per user
 * request").
 */
function perTierText(
  entries: readonly { tier: Tier }[],
  at: (tier: Tier) => string | undefined,
): string {
  if (entries.length === 0) return "-";
  if (entries.length === 1 && entries[0].tier === Tier.UNSPECIFIED) return at(Tier.DEVICE) ?? "-";
  const spans: { tiers: Tier[]; text: string }[] = [];
  for (const tier of tiers) {
    const text = at(tier);
    if (text === undefined) continue;
    const last = spans[spans.length - 1];
    if (last && last.text === text && last.tiers[last.tiers.length - 1] === tier - 1) last.tiers.push(tier);
    else spans.push({ tiers: [tier], text });
  }
  if (spans.length === 1 && spans[0].tiers.length === tiers.length) return spans[0].text;
  return spans.map((s) => `${tierLabel(s.tiers)}: ${s.text}`).join(" ");
}

function tierLabel(span: readonly Tier[]): string {
  const [first, ...rest] = span.map((t) => wordOf(tierWords, t));
  return [first, ...rest.map((w) => w.toLowerCase())].join("&");
}

/** "Device: No encryption Cloud: AES-128". */
export function storageText(policy: FieldPolicy): string {
  return perTierText(policy.storage, (tier) => {
    const entry = storageAt(policy, tier);
    return entry && storageProtectionText(entry);
  });
}

/** "Device: Unpair or restore … App&cloud: Per user request". */
export function retentionText(policy: FieldPolicy): string {
  return retentionListText(policy.retention, policy);
}

function retentionListText(entries: readonly Retention[], policy: FieldPolicy): string {
  return perTierText(entries, (tier) => {
    const entry = retentionAt(policy, tier);
    return entry && retentionEntryText(entry);
  });
}

/**
 * A `uses` entry: "Analytics as Pseudonymized data, App&cloud: 90 days".
 */
export function purposeUseText(use: PurposeUse): string {
  // The tier fallback of a use's retention list is the same as a field's;
  // reading it through a policy keeps read.ts the one place that knows it.
  const asPolicy = create(FieldPolicySchema, { retention: use.retention });
  const retention = use.retention.length > 0 ? `, ${retentionListText(use.retention, asPolicy)}` : "";
  return `${wordOf(purposeWords, use.purpose)} as ${wordOf(qualifierWords, use.qualifier)}${retention}`;
}
