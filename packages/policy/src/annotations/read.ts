import { getOption, hasOption, type DescField, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import {
  data,
  Flow,
  MessageRole,
  product,
  record,
  type FieldPolicy,
  type Hop,
  type MessagePolicy,
  type ProductPolicy,
  type Retention,
  type StorageProtection,
  type Tier,
  type TransitProtection,
} from "@datapact/proto";

/**
 * The `(datapact.privacy.v1.data)` annotation of a field, or undefined when
 * the field has none. Works on descriptors from any registry (generated code,
 * a buf image, or `.proto` text loaded by the CLI): options are read by
 * extension number.
 */
export function fieldPolicyOf(field: DescField): FieldPolicy | undefined {
  return hasOption(field, data) ? getOption(field, data) : undefined;
}

/** The `(datapact.privacy.v1.record)` annotation of a message, if any. */
export function messagePolicyOf(message: DescMessage): MessagePolicy | undefined {
  return hasOption(message, record) ? getOption(message, record) : undefined;
}

/** The `(datapact.privacy.v1.product)` annotation of a file, if any. */
export function productOf(file: DescFile): ProductPolicy | undefined {
  return hasOption(file, product) ? getOption(file, product) : undefined;
}

/** A message's role; unset means data-carrying. */
export function roleOf(message: DescMessage): MessageRole {
  const role = messagePolicyOf(message)?.role ?? MessageRole.UNSPECIFIED;
  return role === MessageRole.UNSPECIFIED ? MessageRole.DATA : role;
}

/** A field's flow; unset means it may reach the cloud. */
export function flowOf(policy: FieldPolicy): Flow {
  return policy.flow === Flow.UNSPECIFIED ? Flow.CLOUD : policy.flow;
}

/**
 * The entry for `tier` in a per-tier list: the one naming the tier, else the
 * tier-less entry that covers every tier no other entry names.
 */
function atTier<T extends { tier: Tier }>(entries: readonly T[], tier: Tier): T | undefined {
  return entries.find((e) => e.tier === tier) ?? entries.find((e) => e.tier === 0);
}

/** Storage protection declared for `tier`, if any. */
export function storageAt(policy: FieldPolicy, tier: Tier): StorageProtection | undefined {
  return atTier(policy.storage, tier);
}

/** Retention declared for `tier`, if any. */
export function retentionAt(policy: FieldPolicy, tier: Tier): Retention | undefined {
  return atTier(policy.retention, tier);
}

/** Transit protection declared for `hop`, if any. */
export function transitOn(policy: FieldPolicy, hop: Hop): TransitProtection | undefined {
  return policy.transit.find((t) => t.hop === hop);
}
