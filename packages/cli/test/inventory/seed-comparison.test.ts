import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DescEnum } from "@bufbuild/protobuf";
import type { SeedRowsFile } from "@datapact/policy";
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
import { describe, expect, it } from "vitest";
import { defaultSeedPath, seedRowsJson } from "../../../../scripts/seed-inventory/extract.js";
import { fixturesDir, repoRoot, runDatapact } from "./run-datapact.js";

const seedRowsPath = join(repoRoot, "docs/inventory/seed-rows.json");
const seedRowsText = readFileSync(seedRowsPath, "utf8");
const { rows } = JSON.parse(seedRowsText) as SeedRowsFile;

describe("the pact's schemas against seed 000's inventory appendices", () => {
  it("carry every seed row, saying what it says or citing a decision record that exists", async () => {
    const run = await runDatapact(["inventory", "--against", "docs/inventory/seed-rows.json"]);
    // The report lists every missing row and unexplained difference, per product.
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/8 products, 147 seed rows: \d+ match, \d+ explained by decisions, 0 mismatched, 0 missing\n$/);
  });
});

describe("docs/inventory/seed-rows.json", () => {
  it("is what scripts/seed-inventory extracts from the seed", (ctx) => {
    if (!existsSync(defaultSeedPath)) ctx.skip();
    const expected = seedRowsJson(readFileSync(defaultSeedPath, "utf8"), "000_8c5599c1d3ced916.txt");
    expect(seedRowsText === expected, "stale: run node_modules/.bin/tsx scripts/seed-inventory/extract.ts").toBe(true);
  });

  it("has the 147 rows of the eight appendices, each product under its appendix", () => {
    const perProduct = Object.fromEntries(["band", "scale", "vacuum", "scooter", "router", "camera", "home", "wear"].map((p) => [p, 0]));
    for (const r of rows) perProduct[r.product]++;
    expect(perProduct).toEqual({ band: 34, scale: 17, vacuum: 14, scooter: 9, router: 18, camera: 17, home: 19, wear: 19 });
    const appendixOf = { band: 1, scale: 2, vacuum: 3, scooter: 4, router: 5, camera: 6, home: 7, wear: 8 } as Record<string, number>;
    expect(rows.every((r) => appendixOf[r.product] === r.appendix)).toBe(true);
  });

  it("fills blank cells of merged blocks from the cell above (SEED-MECHANISMS conflict 13)", () => {
    const at = (line: number) => rows.find((r) => r.line === line)!;
    expect(at(305)).toMatchObject({ dataType: "Country", storage: "Encryption", carried: ["storage"] });
    expect(at(316)).toMatchObject({ dataType: "Sleep information", carried: ["storage", "retention"] });
    expect(at(316).normalized.storage).toEqual([{ measure: "STORAGE_MEASURE_FIELD_ENCRYPTED" }]);
    expect(at(313)).toMatchObject({ dataType: "Validity date", qualifier: "For NFC, bank collect directly", carried: ["qualifier"] });
    expect(at(313).normalized).toMatchObject({ flow: "FLOW_THIRD_PARTY_DIRECT", transit: [], retention: [{ kind: "RETENTION_KIND_THIRD_PARTY" }] });
    // A blank Type cell after a page break continues the category of the previous table.
    expect(at(723)).toMatchObject({ category: "Other data", carried: [] });
  });

  it("reads per-hop and per-tier cells like the shared mapping", () => {
    const at = (line: number) => rows.find((r) => r.line === line)!.normalized;
    expect(at(302).transit).toEqual([
      { hop: "HOP_DEVICE_APP", measure: "TRANSIT_MEASURE_BLE_LINK" },
      { hop: "HOP_APP_CLOUD", measure: "TRANSIT_MEASURE_TLS" },
    ]);
    expect(at(526).transit).toEqual([
      { hop: "HOP_DEVICE_CLOUD", measure: "TRANSIT_MEASURE_MQTT_TLS" },
      { hop: "HOP_APP_CLOUD", measure: "TRANSIT_MEASURE_TLS" },
    ]);
    expect(at(578).storage).toEqual([
      { tier: "TIER_DEVICE", measure: "STORAGE_MEASURE_PLAIN" },
      { tier: "TIER_APP", measure: "STORAGE_MEASURE_FIELD_ENCRYPTED", algorithm: "STORAGE_ALGORITHM_AES_128" },
      { tier: "TIER_CLOUD", measure: "STORAGE_MEASURE_FIELD_ENCRYPTED", algorithm: "STORAGE_ALGORITHM_AES_128" },
    ]);
    expect(at(339)).toMatchObject({ flow: "FLOW_DISPLAY_ONLY", storage: [{ measure: "STORAGE_MEASURE_NOT_STORED" }], retention: [{ kind: "RETENTION_KIND_NOT_STORED" }] });
    expect(at(962).retention).toEqual([{ tier: "TIER_APP", kind: "RETENTION_KIND_UNTIL_UNINSTALL" }]);
    expect(at(534).retention).toEqual([{ tier: "TIER_DEVICE", kind: "RETENTION_KIND_TRANSIENT" }]);
  });

  it("names only values the vocabulary has", () => {
    const names = (schema: DescEnum) => new Set(schema.values.map((v) => v.name));
    const known = {
      category: names(DataCategorySchema),
      qualifier: names(IdentificationQualifierSchema),
      flow: names(FlowSchema),
      purpose: names(PurposeSchema),
      hop: names(HopSchema),
      transit: names(TransitMeasureSchema),
      tier: names(TierSchema),
      storage: names(StorageMeasureSchema),
      algorithm: names(StorageAlgorithmSchema),
      retention: names(RetentionKindSchema),
    };
    const unknown: string[] = [];
    const check = (set: Set<string>, name: string | null | undefined) => {
      if (name != null && !set.has(name)) unknown.push(name);
    };
    for (const { normalized: n } of rows) {
      check(known.category, n.category);
      check(known.qualifier, n.qualifier);
      check(known.flow, n.flow);
      n.purposes?.forEach((p) => check(known.purpose, p));
      n.transit?.forEach((t) => (check(known.hop, t.hop), check(known.transit, t.measure)));
      n.storage?.forEach((s) => (check(known.tier, s.tier), check(known.storage, s.measure), check(known.algorithm, s.algorithm)));
      n.retention?.forEach((r) => (check(known.tier, r.tier), check(known.retention, r.kind)));
    }
    expect(unknown).toEqual([]);
  });
});

describe("datapact inventory --against", () => {
  it("exits 1 and lists the rows a schema leaves out or contradicts", async () => {
    const run = await runDatapact(["inventory", fixturesDir, "--against", "docs/inventory/seed-rows.json", "--product", "vacuum"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("vacuum: 14 rows: 0 match, 0 explained by decisions, 0 mismatched, 14 missing (no schema declares this product)");
    expect(run.stdout).toContain("  missing   line 520  Mi Account ID");
  });

  it("holds a field to its row unless its decision record exists", async () => {
    // The vacuum's account-id row, as if it were the fixture gadget's. The
    // fixture's field cites decision 0042, which the (empty) decisions
    // directory does not hold, and declares no analytics purpose, which the
    // row has.
    const dir = mkdtempSync(join(tmpdir(), "datapact-seed-rows-"));
    const file = join(dir, "seed-rows.json");
    const gadgetRows = rows.filter((r) => r.product === "vacuum" && r.dataType === "Mi Account ID").map((r) => ({ ...r, product: "gadget" }));
    writeFileSync(file, JSON.stringify({ seed: "test", generatedBy: "test", rows: gadgetRows }));
    try {
      const run = await runDatapact(["inventory", fixturesDir, "--against", file, "--decisions", dir, "--format", "json"]);
      expect(run.code).toBe(1);
      const [gadget] = JSON.parse(run.stdout);
      expect(gadget.rows[0].status).toBe("mismatch");
      expect(gadget.rows[0].fields).toEqual([
        { fieldPath: "datapact.testing.gadget.v1.Account.account_id", decision: "0042", status: "unknown-decision", differences: [] },
      ]);
      expect(gadget.rows[0].coverage.map((d: { detail: string }) => d.detail)).toEqual(["no field declares PURPOSE_ANALYTICS"]);

      const human = await runDatapact(["inventory", fixturesDir, "--against", file, "--decisions", dir]);
      expect(human.stdout).toContain(
        "  mismatch  line 520  Mi Account ID\n" +
          "    datapact.testing.gadget.v1.Account.account_id: cites a decision record that does not exist: 0042\n" +
          '    together the fields leave out purposes: seed "App/device functionality, analytics", schema "App/device functionality" (no field declares PURPOSE_ANALYTICS)\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("treats an unreadable seed-rows file as an input error", async () => {
    const run = await runDatapact(["inventory", "--against", "no/such/seed-rows.json"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("no/such/seed-rows.json: cannot be read");
  });
});
