import type { DescEnum } from "@bufbuild/protobuf";
import {
  DataCategorySchema,
  FlowSchema,
  Hop,
  HopSchema,
  IdentificationQualifierSchema,
  PurposeSchema,
  RetentionKind,
  RetentionKindSchema,
  StorageAlgorithmSchema,
  StorageMeasureSchema,
  Tier,
  TierSchema,
  TransitMeasureSchema,
  type FieldPolicy,
} from "@datapact/proto";
import { flowOf, retentionAt, storageAt, transitOn } from "../annotations/read.js";
import type { InventoryField, ProductInventory } from "./inventory-row.js";
import type { SeedRetention, SeedRow, SeedStorage, SeedTransit } from "./seed-row.js";
import { vocabularyName } from "./vocabulary-names.js";

/** Options of {@link compareWithSeed}. */
export interface SeedComparisonOptions {
  /** Whether docs/decisions holds a record with this number ("0004"). */
  readonly decisionExists: (decision: string) => boolean;
}

/** A column in which a field, or a row's fields together, say something other than the seed. */
export interface SeedDifference {
  readonly column: "category" | "qualifier" | "flow" | "purposes" | "transmission" | "storage" | "retention";
  /** The seed's cell. */
  readonly expected: string;
  /** What the schema says, in the seeds' words. */
  readonly actual: string;
  /** The exact disagreement in vocabulary names, e.g. "TIER_CLOUD: STORAGE_MEASURE_PLAIN, seed STORAGE_MEASURE_FIELD_ENCRYPTED". */
  readonly detail: string;
}

/**
 * How one field of a row compares: `match`; `explained` (it differs and cites
 * a decision record that exists); or a failure: `mismatch` (differs with no
 * decision), `unknown-decision` (cites a record that does not exist),
 * `unresolved-conflict` (agrees with a seed row SEED-MECHANISMS lists as a
 * conflict, without a decision record).
 */
export type SeedFieldStatus = "match" | "explained" | "mismatch" | "unknown-decision" | "unresolved-conflict";

export interface SeedFieldResult {
  readonly fieldPath: string;
  readonly decision: string | null;
  readonly status: SeedFieldStatus;
  readonly differences: readonly SeedDifference[];
}

/** A row is `missing` when no field of its product carries its data type. */
export type SeedRowStatus = "match" | "explained" | "missing" | "mismatch";

export interface SeedRowResult {
  readonly row: SeedRow;
  readonly status: SeedRowStatus;
  readonly fields: readonly SeedFieldResult[];
  /** What the row's fields fail to say together (a hop, tier or purpose no field declares). */
  readonly coverage: readonly SeedDifference[];
}

/** One product's comparison. */
export interface ProductSeedComparison {
  readonly product: string;
  /** Whether any schema declares the product at all. */
  readonly hasSchema: boolean;
  readonly rows: readonly SeedRowResult[];
  readonly counts: Readonly<Record<SeedRowStatus, number>> & { readonly rows: number };
  /**
   * Fields that cite a seed appendix as their source but whose data type is
   * no row of it: usually a typo that leaves the real row missing.
   */
  readonly strayFields: readonly { readonly fieldPath: string; readonly dataType: string; readonly source: string }[];
}

/** Whether a product comparison has a failure: a missing or mismatched row. */
export function hasUnexplainedMismatch(result: ProductSeedComparison): boolean {
  return result.counts.missing > 0 || result.counts.mismatch > 0;
}

/** "  Heart  rate " and "Heart rate" are the same data type. */
export function normalizedDataType(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Compares product schemas with the seed's inventory rows: every row must be
 * carried by at least one field of the same product with the same data type,
 * and each such field must say what the row says (seed-rows.json has the
 * row in the vocabulary) unless it cites a decision record.
 *
 * Transit, storage, retention and purposes are compared per field where the
 * field speaks (a field declares the hop, has a value at the tier, lists the
 * purpose) and together over the row's fields for coverage: a device frame
 * crossing BLE and a cloud record crossing HTTPS together carry the seed's
 * "Device: BLE App<-->Cloud: HTTPS".
 */
export function compareWithSeed(
  inventories: readonly ProductInventory[],
  seedRows: readonly SeedRow[],
  options: SeedComparisonOptions,
): ProductSeedComparison[] {
  const products = [...new Set(seedRows.map((r) => r.product))];
  return products.map((product) => {
    const inventory = inventories.find((i) => i.id === product);
    const fields = inventory?.fields ?? [];
    const productRows = seedRows.filter((r) => r.product === product);
    const rows = productRows.map((row) => compareRow(row, fields, options));
    const counts = { rows: rows.length, match: 0, explained: 0, missing: 0, mismatch: 0 };
    for (const r of rows) counts[r.status]++;
    const known = new Set(productRows.map((r) => normalizedDataType(r.dataType)));
    const strayFields = fields
      .filter((f) => /^000 Appendix \d/.test(f.row.source ?? "") && !known.has(normalizedDataType(f.row.dataType)))
      .map((f) => ({ fieldPath: f.row.fieldPath, dataType: f.row.dataType, source: f.row.source ?? "" }));
    return { product, hasSchema: inventory !== undefined, rows, counts, strayFields };
  });
}

function compareRow(row: SeedRow, productFields: readonly InventoryField[], options: SeedComparisonOptions): SeedRowResult {
  const dataType = normalizedDataType(row.dataType);
  const fields = productFields.filter((f) => normalizedDataType(f.row.dataType) === dataType);
  if (fields.length === 0) return { row, status: "missing", fields: [], coverage: [] };

  const results = fields.map((f): SeedFieldResult => {
    const differences = fieldDifferences(row, f.policy, f.row);
    const decision = f.row.decision;
    let status: SeedFieldStatus;
    if (decision !== null && !options.decisionExists(decision)) status = "unknown-decision";
    else if (differences.length > 0) status = decision !== null ? "explained" : "mismatch";
    else if (row.decisionExpected.length > 0 && decision === null) status = "unresolved-conflict";
    else status = "match";
    return { fieldPath: f.row.fieldPath, decision, status, differences };
  });
  const coverage = coverageDifferences(row, fields);
  const everyFieldExplained = results.every((r) => r.decision !== null && r.status !== "unknown-decision");

  let status: SeedRowStatus = "match";
  if (results.some((r) => r.status === "explained") || (coverage.length > 0 && everyFieldExplained)) status = "explained";
  if (
    results.some((r) => r.status === "mismatch" || r.status === "unknown-decision" || r.status === "unresolved-conflict") ||
    (coverage.length > 0 && !everyFieldExplained)
  ) {
    status = "mismatch";
  }
  return { row, status, fields: results, coverage };
}

/** The number of a vocabulary name, or undefined for a name the vocabulary lacks. */
function numberOf(schema: DescEnum, name: string): number | undefined {
  return schema.values.find((v) => v.name === name)?.number;
}

const cloudHops: readonly Hop[] = [Hop.APP_CLOUD, Hop.DEVICE_CLOUD];
const allTiers: readonly Tier[] = [Tier.DEVICE, Tier.APP, Tier.CLOUD];

function tiersOf(entry: { tier?: string }): readonly Tier[] {
  return entry.tier === undefined ? allTiers : [numberOf(TierSchema, entry.tier) as Tier];
}

function fieldDifferences(row: SeedRow, policy: FieldPolicy, rendered: InventoryField["row"]): SeedDifference[] {
  const n = row.normalized;
  const out: SeedDifference[] = [];
  const differ = (column: SeedDifference["column"], expected: string, actual: string, detail: string) =>
    out.push({ column, expected, actual, detail });

  if (n.category !== null && numberOf(DataCategorySchema, n.category) !== policy.category) {
    differ("category", row.category, rendered.category, `${vocabularyName(DataCategorySchema, policy.category)}, seed ${n.category}`);
  }
  if (n.qualifier !== null && numberOf(IdentificationQualifierSchema, n.qualifier) !== policy.qualifier) {
    differ(
      "qualifier",
      row.qualifier,
      rendered.qualifier,
      `${vocabularyName(IdentificationQualifierSchema, policy.qualifier)}, seed ${n.qualifier}`,
    );
  }
  if (n.flow !== null && numberOf(FlowSchema, n.flow) !== flowOf(policy)) {
    differ("flow", row.qualifier, rendered.qualifier, `${vocabularyName(FlowSchema, flowOf(policy))}, seed ${n.flow}`);
  }
  if (n.purposes !== null) {
    const seedPurposes = n.purposes.map((p) => numberOf(PurposeSchema, p));
    const extra = policy.purposes.filter((p) => !seedPurposes.includes(p));
    if (extra.length > 0) {
      differ(
        "purposes",
        row.purpose,
        rendered.purposes.join(", "),
        `${extra.map((p) => vocabularyName(PurposeSchema, p)).join(", ")} not in the seed row`,
      );
    }
  }
  if (n.transit !== null) {
    const details = transitDetails(n.transit, n.flow, policy);
    if (details.length > 0) differ("transmission", row.transmission, rendered.transmission, details.join("; "));
  }
  if (n.storage !== null) {
    const details = storageDetails(n.storage, policy);
    if (details.length > 0) differ("storage", row.storage, rendered.storage, details.join("; "));
  }
  if (n.retention !== null) {
    const details = retentionDetails(n.retention, policy);
    if (details.length > 0) differ("retention", row.retention, rendered.retention, details.join("; "));
  }
  return out;
}

function transitDetails(seed: readonly SeedTransit[], seedFlow: string | null, policy: FieldPolicy): string[] {
  const details: string[] = [];
  if (seedFlow === "FLOW_THIRD_PARTY_DIRECT" && policy.transit.length > 0) {
    details.push("a value the third party collects directly crosses no hop of the pact");
  }
  for (const entry of seed) {
    const measure = numberOf(TransitMeasureSchema, entry.measure);
    const declared =
      entry.hop === undefined
        ? policy.transit.filter((t) => cloudHops.includes(t.hop))
        : [transitOn(policy, numberOf(HopSchema, entry.hop) as Hop)].filter((t) => t !== undefined);
    for (const t of declared) {
      if (t.measure !== measure) {
        details.push(`${vocabularyName(HopSchema, t.hop)}: ${vocabularyName(TransitMeasureSchema, t.measure)}, seed ${entry.measure}`);
      }
    }
  }
  return details;
}

function storageDetails(seed: readonly SeedStorage[], policy: FieldPolicy): string[] {
  const details: string[] = [];
  for (const tier of allTiers) {
    const alternatives = seed.filter((s) => tiersOf(s).includes(tier));
    const declared = storageAt(policy, tier);
    if (alternatives.length === 0 || !declared) continue;
    const agrees = alternatives.some(
      (s) =>
        numberOf(StorageMeasureSchema, s.measure) === declared.measure &&
        (s.algorithm === undefined || numberOf(StorageAlgorithmSchema, s.algorithm) === declared.algorithm),
    );
    if (!agrees) {
      const found = [vocabularyName(StorageMeasureSchema, declared.measure)];
      if (declared.algorithm !== 0) found.push(vocabularyName(StorageAlgorithmSchema, declared.algorithm));
      const wanted = alternatives.map((s) => [s.measure, s.algorithm].filter(Boolean).join(" ")).join(" or ");
      details.push(`${vocabularyName(TierSchema, tier)}: ${found.join(" ")}, seed ${wanted}`);
    }
  }
  return details;
}

function retentionDetails(seed: readonly SeedRetention[], policy: FieldPolicy): string[] {
  const details: string[] = [];
  for (const tier of allTiers) {
    const wanted = seed.find((s) => tiersOf(s).includes(tier));
    const declared = retentionAt(policy, tier);
    if (!wanted || !declared) continue;
    const kind = numberOf(RetentionKindSchema, wanted.kind);
    const daysAgree = kind !== RetentionKind.FIXED_PERIOD || declared.days === wanted.days;
    if (declared.kind !== kind || !daysAgree) {
      const found = vocabularyName(RetentionKindSchema, declared.kind) + (declared.days ? ` ${declared.days} days` : "");
      const seedText = wanted.kind + (wanted.days ? ` ${wanted.days} days` : "");
      details.push(`${vocabularyName(TierSchema, tier)}: ${found}, seed ${seedText}`);
    }
  }
  return details;
}

/** What the row's fields together leave unsaid: a seed hop, tier or purpose no field declares. */
function coverageDifferences(row: SeedRow, fields: readonly InventoryField[]): SeedDifference[] {
  const n = row.normalized;
  const out: SeedDifference[] = [];
  const all = (render: (f: InventoryField) => string) => [...new Set(fields.map(render))].join(" / ");

  if (n.purposes !== null) {
    const missing = n.purposes.filter((p) => !fields.some((f) => f.policy.purposes.includes(numberOf(PurposeSchema, p)!)));
    if (missing.length > 0) {
      out.push({
        column: "purposes",
        expected: row.purpose,
        actual: all((f) => f.row.purposes.join(", ")),
        detail: `no field declares ${missing.join(", ")}`,
      });
    }
  }
  if (n.transit !== null) {
    const missing = n.transit
      .filter((t) =>
        t.hop === undefined
          ? !fields.some((f) => f.policy.transit.some((d) => cloudHops.includes(d.hop)))
          : !fields.some((f) => transitOn(f.policy, numberOf(HopSchema, t.hop!) as Hop)),
      )
      .map((t) => t.hop ?? "a hop to the cloud");
    if (missing.length > 0) {
      out.push({
        column: "transmission",
        expected: row.transmission,
        actual: all((f) => f.row.transmission),
        detail: `no field declares transit on ${missing.join(", ")}`,
      });
    }
  }
  const tierGap = (entries: readonly { tier?: string }[], has: (f: InventoryField, tier: Tier) => boolean) => {
    const named = entries.filter((e) => e.tier !== undefined).map((e) => e.tier!);
    const missing = named.filter((t) => !fields.some((f) => has(f, numberOf(TierSchema, t) as Tier)));
    const tierless = entries.some((e) => e.tier === undefined);
    if (tierless && !fields.some((f) => allTiers.some((t) => has(f, t)))) missing.push("any tier");
    return [...new Set(missing)];
  };
  if (n.storage !== null) {
    const missing = tierGap(n.storage, (f, t) => storageAt(f.policy, t) !== undefined);
    if (missing.length > 0) {
      out.push({
        column: "storage",
        expected: row.storage,
        actual: all((f) => f.row.storage),
        detail: `no field declares storage at ${missing.join(", ")}`,
      });
    }
  }
  if (n.retention !== null) {
    const missing = tierGap(n.retention, (f, t) => retentionAt(f.policy, t) !== undefined);
    if (missing.length > 0) {
      out.push({
        column: "retention",
        expected: row.retention,
        actual: all((f) => f.row.retention),
        detail: `no field declares retention at ${missing.join(", ")}`,
      });
    }
  }
  return out;
}
