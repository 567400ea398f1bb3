import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DescEnum } from "@bufbuild/protobuf";
import { annotatedFile, type FieldPolicyInit } from "@datapact/arbitrary";
import {
  DataCategorySchema,
  FlowSchema,
  HopSchema,
  IdentificationQualifierSchema,
  PurposeSchema,
  RetentionKindSchema,
  StorageAlgorithmSchema,
  StorageMeasureSchema,
  TierSchema,
  TransitMeasureSchema,
} from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildInventory } from "./build-inventory.js";
import { compareWithSeed, hasUnexplainedMismatch } from "./seed-comparison.js";
import type { SeedRow, SeedRowsFile } from "./seed-row.js";

const seedRows = (
  JSON.parse(readFileSync(fileURLToPath(new URL("../../../../docs/inventory/seed-rows.json", import.meta.url)), "utf8")) as SeedRowsFile
).rows;

const num = (schema: DescEnum, name: string): number => {
  const value = schema.values.find((v) => v.name === name);
  if (!value) throw new Error(`${name} is not in ${schema.typeName}`);
  return value.number;
};

/** The annotation a careful author writes for a seed row: exactly what the row says. */
function policyFromSeed(row: SeedRow): FieldPolicyInit {
  const n = row.normalized;
  const seenTiers = new Set<string | undefined>();
  return {
    category: n.category ? num(DataCategorySchema, n.category) : 0,
    dataType: row.dataType,
    qualifier: n.qualifier ? num(IdentificationQualifierSchema, n.qualifier) : 0,
    flow: n.flow ? num(FlowSchema, n.flow) : 0,
    purposes: (n.purposes ?? []).map((p) => num(PurposeSchema, p)),
    // "HTTPS" with no hop named covers the hop to the cloud.
    transit: (n.transit ?? []).map((t) => ({
      hop: num(HopSchema, t.hop ?? "HOP_APP_CLOUD"),
      measure: num(TransitMeasureSchema, t.measure),
    })),
    // Of a cell's alternative parts, the first one stands for the field.
    storage: (n.storage ?? [])
      .filter((s) => !seenTiers.has(s.tier) && (seenTiers.add(s.tier), true))
      .map((s) => ({
        tier: s.tier ? num(TierSchema, s.tier) : 0,
        measure: num(StorageMeasureSchema, s.measure),
        algorithm: s.algorithm ? num(StorageAlgorithmSchema, s.algorithm) : 0,
      })),
    retention: (n.retention ?? []).map((r) => ({
      tier: r.tier ? num(TierSchema, r.tier) : 0,
      kind: num(RetentionKindSchema, r.kind),
      days: r.days ?? 0,
    })),
    source: `000 Appendix ${row.appendix}`,
  };
}

function inventoriesFor(rows: readonly SeedRow[], policyOf: (row: SeedRow, index: number) => FieldPolicyInit) {
  const products = [...new Set(rows.map((r) => r.product))];
  const files = products.map((product) =>
    annotatedFile({
      product: { id: product },
      messages: rows
        .map((row, index) => ({ row, index }))
        .filter(({ row }) => row.product === product)
        .map(({ row, index }) => ({ name: `Row${row.line}`, fields: [{ name: "value", policy: policyOf(row, index) }] })),
    }),
  );
  return buildInventory(files);
}

const noDecisions = { decisionExists: () => false };

describe("compareWithSeed against every row of seed-rows.json", () => {
  it("an annotation written from the row's own values matches it (conflict rows ask for a decision)", () => {
    const results = compareWithSeed(inventoriesFor(seedRows, policyFromSeed), seedRows, noDecisions);
    const rows = results.flatMap((p) => p.rows);
    expect(rows).toHaveLength(seedRows.length);
    for (const r of rows) {
      const expected = r.row.decisionExpected.length > 0 ? "unresolved-conflict" : "match";
      expect({ line: r.row.line, statuses: r.fields.map((f) => f.status), coverage: r.coverage }).toEqual({
        line: r.row.line,
        statuses: [expected],
        coverage: [],
      });
    }
  });

  it("a decision record that exists settles every conflict row", () => {
    const withDecision = (row: SeedRow): FieldPolicyInit => ({ ...policyFromSeed(row), decision: "0001" });
    const results = compareWithSeed(inventoriesFor(seedRows, withDecision), seedRows, { decisionExists: (d) => d === "0001" });
    expect(results.filter(hasUnexplainedMismatch)).toEqual([]);
  });

  it("any one changed column of any row is a mismatch naming that column", () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.info(`[fast-check] "any one changed column" seed=${seed} (rerun with FC_SEED=${seed})`);
    const columns = ["category", "qualifier", "purposes", "storage", "retention"] as const;
    const comparable = seedRows.filter(
      (r) => r.normalized.category && r.normalized.qualifier && r.normalized.purposes && r.normalized.storage && r.normalized.retention,
    );
    fc.assert(
      fc.property(fc.constantFrom(...comparable), fc.constantFrom(...columns), (row, column) => {
        const policy = policyFromSeed(row);
        const mutated: FieldPolicyInit = { ...policy };
        if (column === "category") mutated.category = policy.category === 13 ? 12 : 13;
        if (column === "qualifier") mutated.qualifier = policy.qualifier === 4 ? 5 : 4;
        if (column === "purposes") mutated.purposes = [...(policy.purposes ?? []).filter((p) => p !== 4), 4];
        if (column === "storage") mutated.storage = [{ measure: policy.storage?.[0]?.measure === 4 ? 3 : 4 }];
        if (column === "retention") mutated.retention = [{ kind: 4, days: 1234 }];
        const [result] = compareWithSeed(inventoriesFor([row], () => mutated), [row], noDecisions);
        const field = result.rows[0].fields[0];
        return field.status === "mismatch" && field.differences.some((d) => d.column === column);
      }),
      { seed, verbose: true, numRuns: 200 },
    );
  });
});

describe("compareWithSeed statuses", () => {
  const row = seedRows.find((r) => r.product === "band" && r.dataType === "Mi Account ID")!;

  it("reports a row no field carries as missing", () => {
    const [band] = compareWithSeed([], [row], noDecisions);
    expect(band.hasSchema).toBe(false);
    expect(band.rows[0].status).toBe("missing");
    expect(band.counts).toEqual({ rows: 1, match: 0, explained: 0, missing: 1, mismatch: 0 });
    expect(hasUnexplainedMismatch(band)).toBe(true);
  });

  it("explains a difference with a decision record that exists, and not with one that does not", () => {
    const differing = (decision: string) => () => ({ ...policyFromSeed(row), storage: [{ tier: 3, measure: 2 }], decision });
    const [explained] = compareWithSeed(inventoriesFor([row], differing("0003")), [row], { decisionExists: () => true });
    expect(explained.rows[0].status).toBe("explained");
    expect(explained.rows[0].fields[0].differences).toEqual([
      {
        column: "storage",
        expected: "Cloud: No encryption",
        actual: "Cloud: Encryption",
        detail: "TIER_CLOUD: STORAGE_MEASURE_FIELD_ENCRYPTED, seed STORAGE_MEASURE_PLAIN",
      },
    ]);
    const [unknown] = compareWithSeed(inventoriesFor([row], differing("0099")), [row], noDecisions);
    expect(unknown.rows[0].status).toBe("mismatch");
    expect(unknown.rows[0].fields[0].status).toBe("unknown-decision");
  });

  it("takes the fields of a row together for hops: a device frame and a cloud record cover 'Device: BLE App<-->Cloud: HTTPS'", () => {
    const mac = seedRows.find((r) => r.product === "band" && r.dataType === "MAC")!;
    const base = policyFromSeed(mac);
    const file = annotatedFile({
      product: { id: "band" },
      messages: [
        { name: "PairFrame", fields: [{ name: "mac", policy: { ...base, transit: [{ hop: 1, measure: 1 }] } }] },
        { name: "BindRecord", fields: [{ name: "mac", policy: { ...base, transit: [{ hop: 2, measure: 2 }] } }] },
      ],
    });
    const [together] = compareWithSeed(buildInventory([file]), [mac], noDecisions);
    expect(together.rows[0].status).toBe("match");

    const onlyFrame = annotatedFile({
      product: { id: "band" },
      messages: [{ name: "PairFrame", fields: [{ name: "mac", policy: { ...base, transit: [{ hop: 1, measure: 1 }] } }] }],
    });
    const [alone] = compareWithSeed(buildInventory([onlyFrame]), [mac], noDecisions);
    expect(alone.rows[0].status).toBe("mismatch");
    expect(alone.rows[0].coverage.map((d) => d.detail)).toEqual(["no field declares transit on HOP_APP_CLOUD"]);
  });

  it("matches data types with whitespace collapsed and lists fields citing an appendix row that does not exist", () => {
    const file = annotatedFile({
      product: { id: "band" },
      messages: [
        {
          name: "Account",
          fields: [
            { name: "id", policy: { ...policyFromSeed(row), dataType: "  Mi   Account ID " } },
            { name: "typo", policy: { ...policyFromSeed(row), dataType: "Mi Acount ID" } },
          ],
        },
      ],
    });
    const [band] = compareWithSeed(buildInventory([file]), [row], noDecisions);
    expect(band.rows[0].status).toBe("match");
    expect(band.strayFields.map((f) => f.dataType)).toEqual(["Mi Acount ID"]);
  });

  it("holds a third-party-direct row to no transit at all", () => {
    const cvv = seedRows.find((r) => r.product === "band" && r.dataType === "CVV")!;
    const leaking = () => ({ ...policyFromSeed(cvv), transit: [{ hop: 1, measure: 1 }] });
    const [band] = compareWithSeed(inventoriesFor([cvv], leaking), [cvv], noDecisions);
    expect(band.rows[0].fields[0].differences.map((d) => d.column)).toEqual(["transmission"]);
  });
});
