import { describe, expect, it } from "vitest";
import { fixturesDir, runDatapact } from "./run-datapact.js";

const requiredKeys = [
  "product",
  "category",
  "dataType",
  "fieldPath",
  "qualifier",
  "purposes",
  "transmission",
  "storage",
  "retention",
  "decision",
  "source",
  "values",
];
const valueKeys = ["category", "qualifier", "flow", "purposes", "transit", "storage", "retention", "uses"];

interface JsonRow {
  [key: string]: unknown;
  product: string;
  fieldPath: string;
  values: Record<string, unknown>;
}

async function jsonRows(args: readonly string[]): Promise<{ id: string; rows: JsonRow[] }[]> {
  const run = await runDatapact(["inventory", ...args, "--format", "json"]);
  expect(run.code, run.stderr).toBe(0);
  const { products } = JSON.parse(run.stdout) as { products: { product: { id: string }; rows: JsonRow[] }[] };
  return products.map((p) => ({ id: p.product.id, rows: p.rows }));
}

describe("datapact inventory --format json", () => {
  it("gives every row of every product of the pact every required key", async () => {
    const products = await jsonRows([]);
    expect(products.length).toBeGreaterThan(0);
    for (const { id, rows } of products) {
      expect(rows.length, id).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Object.keys(row), row.fieldPath).toEqual(expect.arrayContaining(requiredKeys));
        expect(Object.keys(row.values), row.fieldPath).toEqual(expect.arrayContaining(valueKeys));
        expect(row.product).toBe(id);
        // Full name: proto package, message (nested ones too), field.
        expect(row.fieldPath).toMatch(/^datapact(\.[a-z0-9_]+)+\.v\d+(\.[A-Z]\w*)+\.[a-z0-9_]+$/);
      }
    }
  });

  it("renders values in the seeds' words with the vocabulary names beside them", async () => {
    const [gadget] = await jsonRows([fixturesDir]);
    const account = gadget.rows.find((r) => r.fieldPath.endsWith("Account.account_id"))!;
    expect(account).toMatchObject({
      product: "gadget",
      category: "Identifiers",
      dataType: "Mi Account ID",
      qualifier: "Identified data",
      purposes: ["App/device functionality"],
      transmission: "App<-->Cloud: HTTPS",
      storage: "Cloud: AES-128",
      retention: "Device: Factory reset App&cloud: Per user request",
      decision: "0042",
      source: "000 Appendix 3",
      function: "account",
      offByDefault: false,
    });
    expect(account.values).toEqual({
      category: "DATA_CATEGORY_IDENTIFIERS",
      qualifier: "IDENTIFICATION_QUALIFIER_IDENTIFIED",
      flow: "FLOW_CLOUD",
      purposes: ["PURPOSE_FUNCTIONALITY"],
      transit: [{ hop: "HOP_APP_CLOUD", measure: "TRANSIT_MEASURE_TLS" }],
      storage: [{ tier: "TIER_CLOUD", measure: "STORAGE_MEASURE_FIELD_ENCRYPTED", algorithm: "STORAGE_ALGORITHM_AES_128" }],
      retention: [{ tier: "TIER_DEVICE", kind: "RETENTION_KIND_UNTIL_FACTORY_RESET" }, { kind: "RETENTION_KIND_UNTIL_USER_REQUEST" }],
      uses: [],
    });
  });

  it("has no rows for control messages", async () => {
    const [gadget] = await jsonRows([fixturesDir]);
    expect(gadget.rows.map((r) => r.fieldPath.split(".").slice(-2).join("."))).toEqual([
      "UsageEvent.screen",
      "Account.account_id",
      "SongFrame.title",
      "CardFrame.cvv",
    ]);
  });
});
