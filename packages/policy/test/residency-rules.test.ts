// The residency table (000 §04 international transfers; decision 0012): which
// storage location holds an account's data, by the region chosen at sign-up.
import { describe, expect, it } from "vitest";
import { regionStoredIn, RESIDENCY_RULES, residencyRuleOf, STORAGE_LOCATIONS } from "../src/index.js";

describe("the residency table (000 §04, decision 0012)", () => {
  it.each([
    ["eu", "germany"],
    ["eea", "germany"],
    ["de", "germany"],
    ["fr", "germany"],
    ["no", "germany"],
    ["uk", "germany"],
    ["in", "india"],
    ["ru", "russia"],
    ["us", "united-states"],
    ["us-east", "united-states"],
    ["cn", "mainland-china"],
    ["sg", "singapore"],
    ["br", "singapore"],
  ])("an account in %s is stored in %s", (region, location) => {
    expect(residencyRuleOf(region).location).toBe(location);
  });

  it("never sends EEA or UK data outside Germany, and cites a seed line for every row", () => {
    for (const rule of RESIDENCY_RULES) {
      expect(rule.source).toMatch(/^000 line 10[67]\d$/);
      if (rule.label === "EEA" || rule.label === "United Kingdom") expect(rule.location).toBe("germany");
    }
  });
});

describe("storage locations", () => {
  it("name every location of the table once, and a region stored at each", () => {
    expect([...new Set(RESIDENCY_RULES.map((r) => r.location))].sort()).toEqual([...STORAGE_LOCATIONS].sort());
    for (const location of STORAGE_LOCATIONS) expect(residencyRuleOf(regionStoredIn(location)).location).toBe(location);
  });
});
