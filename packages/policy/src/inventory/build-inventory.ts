import type { DescField, DescFile, DescMessage } from "@bufbuild/protobuf";
import {
  DataCategorySchema,
  FlowSchema,
  HopSchema,
  IdentificationQualifierSchema,
  MessageRole,
  PurposeSchema,
  RetentionKindSchema,
  StorageAlgorithmSchema,
  StorageMeasureSchema,
  TierSchema,
  TransitMeasureSchema,
  type FieldPolicy,
  type Retention,
} from "@datapact/proto";
import { fieldPolicyOf, flowOf, messagePolicyOf, productOf, roleOf } from "../annotations/read.js";
import type { InventoryField, InventoryRetention, InventoryRow, InventoryValues, ProductInventory } from "./inventory-row.js";
import {
  categoryWords,
  purposeUseText,
  purposeWords,
  qualifierText,
  retentionText,
  storageText,
  transmissionText,
} from "./seed-words.js";
import { vocabularyName } from "./vocabulary-names.js";

/** Options of {@link buildInventory}. */
export interface InventoryOptions {
  /** Only this product (ProductPolicy.id). */
  readonly product?: string;
}

/**
 * Every product's data inventory, read from the schemas alone: one row per
 * annotated field of every data-carrying message of every file that declares
 * a product. Control messages and message-typed fields (whose own fields carry
 * the annotations) have no rows. Products are sorted by id; rows keep
 * declaration order.
 */
export function buildInventory(files: readonly DescFile[], options: InventoryOptions = {}): ProductInventory[] {
  const byId = new Map<string, { id: string; name: string; source: string; files: string[]; fields: InventoryField[] }>();
  for (const file of files) {
    const product = productOf(file);
    if (!product || product.id === "") continue;
    if (options.product !== undefined && product.id !== options.product) continue;
    let entry = byId.get(product.id);
    if (!entry) {
      entry = { id: product.id, name: product.name, source: product.source, files: [], fields: [] };
      byId.set(product.id, entry);
    }
    entry.files.push(file.proto.name);
    for (const message of file.messages) collect(product.id, message, entry.fields);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function collect(product: string, message: DescMessage, into: InventoryField[]): void {
  if (roleOf(message) === MessageRole.DATA) {
    for (const field of message.fields) {
      const policy = fieldPolicyOf(field);
      if (policy) into.push({ row: rowOf(product, message, field, policy), policy, field, message });
    }
  }
  for (const nested of message.nestedMessages) collect(product, nested, into);
}

function rowOf(product: string, message: DescMessage, field: DescField, policy: FieldPolicy): InventoryRow {
  const messagePolicy = messagePolicyOf(message);
  return {
    product,
    category: categoryWords[policy.category] ?? vocabularyName(DataCategorySchema, policy.category),
    dataType: policy.dataType.replace(/\s+/g, " ").trim(),
    fieldPath: `${message.typeName}.${field.name}`,
    qualifier: qualifierText(policy),
    purposes: policy.purposes.map((p) => purposeWords[p] ?? vocabularyName(PurposeSchema, p)),
    uses: policy.uses.map(purposeUseText),
    transmission: transmissionText(policy),
    storage: storageText(policy),
    retention: retentionText(policy),
    decision: policy.decision === "" ? null : policy.decision,
    source: policy.source === "" ? null : policy.source,
    message: message.typeName,
    function: messagePolicy && messagePolicy.function !== "" ? messagePolicy.function : null,
    offByDefault: messagePolicy?.offByDefault ?? false,
    uploadSwitch: policy.uploadSwitch === "" ? null : policy.uploadSwitch,
    values: valuesOf(policy),
  };
}

function retentionValues(entries: readonly Retention[]): InventoryRetention[] {
  return entries.map((r) => ({
    ...(r.tier !== 0 ? { tier: vocabularyName(TierSchema, r.tier) } : {}),
    kind: vocabularyName(RetentionKindSchema, r.kind),
    ...(r.days !== 0 ? { days: r.days } : {}),
  }));
}

function valuesOf(policy: FieldPolicy): InventoryValues {
  return {
    category: vocabularyName(DataCategorySchema, policy.category),
    qualifier: vocabularyName(IdentificationQualifierSchema, policy.qualifier),
    flow: vocabularyName(FlowSchema, flowOf(policy)),
    purposes: policy.purposes.map((p) => vocabularyName(PurposeSchema, p)),
    transit: policy.transit.map((t) => ({
      ...(t.hop !== 0 ? { hop: vocabularyName(HopSchema, t.hop) } : {}),
      measure: vocabularyName(TransitMeasureSchema, t.measure),
    })),
    storage: policy.storage.map((s) => ({
      ...(s.tier !== 0 ? { tier: vocabularyName(TierSchema, s.tier) } : {}),
      measure: vocabularyName(StorageMeasureSchema, s.measure),
      ...(s.algorithm !== 0 ? { algorithm: vocabularyName(StorageAlgorithmSchema, s.algorithm) } : {}),
    })),
    retention: retentionValues(policy.retention),
    uses: policy.uses.map((u) => ({
      purpose: vocabularyName(PurposeSchema, u.purpose),
      qualifier: vocabularyName(IdentificationQualifierSchema, u.qualifier),
      retention: retentionValues(u.retention),
    })),
  };
}
