import { describe, expect, it } from "vitest";
import { fixturesDir, runDatapact } from "./run-datapact.js";

interface Labels {
  apple: { NSPrivacyCollectedDataTypes: Record<string, unknown>[]; notCollected: string[] };
  google: { encryptedInTransit: boolean; deletionRequest: boolean; dataTypes: Record<string, unknown>[]; notCollected: string[] };
}

async function labelsOf(args: readonly string[]): Promise<Map<string, Labels>> {
  const run = await runDatapact(["inventory", ...args, "--format", "json"]);
  expect(run.code, run.stderr).toBe(0);
  const { products } = JSON.parse(run.stdout) as { products: { product: { id: string }; labels: Labels }[] };
  return new Map(products.map((p) => [p.product.id, p.labels]));
}

describe("store labels", () => {
  it("file pseudonymized analytics under Apple's Product Interaction, not linked, for Analytics", async () => {
    const gadget = (await labelsOf([fixturesDir])).get("gadget")!;
    expect(gadget.apple.NSPrivacyCollectedDataTypes).toEqual([
      {
        NSPrivacyCollectedDataType: "NSPrivacyCollectedDataTypeUserID",
        NSPrivacyCollectedDataTypeLinked: true,
        NSPrivacyCollectedDataTypeTracking: false,
        NSPrivacyCollectedDataTypePurposes: ["NSPrivacyCollectedDataTypePurposeAppFunctionality"],
      },
      {
        NSPrivacyCollectedDataType: "NSPrivacyCollectedDataTypeProductInteraction",
        NSPrivacyCollectedDataTypeLinked: false,
        NSPrivacyCollectedDataTypeTracking: false,
        NSPrivacyCollectedDataTypePurposes: ["NSPrivacyCollectedDataTypePurposeAnalytics"],
      },
    ]);
    expect(gadget.apple.notCollected).toEqual(['Name of <song> & "title"', "CVV"]);
  });

  it("answer Google's Data safety form: optional analytics, required account id, encrypted, deletable", async () => {
    const gadget = (await labelsOf([fixturesDir])).get("gadget")!;
    expect(gadget.google).toMatchObject({ encryptedInTransit: true, deletionRequest: true, notCollected: ['Name of <song> & "title"', "CVV"] });
    expect(gadget.google.dataTypes).toEqual([
      expect.objectContaining({ category: "Personal info", dataType: "User IDs", required: true, purposes: ["App functionality"], ephemeral: false }),
      expect.objectContaining({ category: "App activity", dataType: "App interactions", required: false, purposes: ["Analytics"], shared: false }),
    ]);
  });

  it("give the band's pseudonymized product interaction as not linked, for analytics only", async () => {
    const band = (await labelsOf(["--product", "band"])).get("band");
    if (!band) return expect.fail("no band schema in @datapact/proto");
    const interaction = band.apple.NSPrivacyCollectedDataTypes.find(
      (e) => e.NSPrivacyCollectedDataType === "NSPrivacyCollectedDataTypeProductInteraction",
    );
    expect(interaction).toMatchObject({
      NSPrivacyCollectedDataTypeLinked: false,
      NSPrivacyCollectedDataTypePurposes: ["NSPrivacyCollectedDataTypePurposeAnalytics"],
    });
    // Display-only notification and music data is never collected.
    expect(band.apple.notCollected).toEqual(expect.arrayContaining(["Other user content", "Name of song", "CVV"]));
  });
});
