import { annotatedFile } from "@datapact/arbitrary";
import { describe, expect, it } from "vitest";
import { buildInventory } from "../inventory/build-inventory.js";
import { applePrivacyLabel } from "./apple-privacy-label.js";
import { AppleDataType, ApplePurpose } from "./apple-vocabulary.js";
import { googleDataSafetyLabel } from "./google-data-safety-label.js";

const toCloud = { transit: [{ hop: 1, measure: 1 }, { hop: 2, measure: 2 }], storage: [{ measure: 1 }], retention: [{ kind: 3 }] };

const file = annotatedFile({
  product: { id: "band" },
  messages: [
    {
      name: "Analytics",
      fields: [
        { name: "clicks", policy: { category: 7, dataType: "Product interaction", qualifier: 2, purposes: [2], ...toCloud } },
        { name: "crash", policy: { category: 8, dataType: "Crash data", qualifier: 1, purposes: [2], ...toCloud } },
      ],
    },
    {
      name: "Account",
      fields: [
        { name: "account_id", policy: { category: 1, dataType: "Mi Account ID", qualifier: 1, purposes: [1], ...toCloud } },
        { name: "mac", policy: { category: 1, dataType: "MAC", qualifier: 1, purposes: [1], ...toCloud } },
        {
          name: "steps",
          policy: {
            category: 13,
            dataType: "Exercise information (number of step)",
            qualifier: 1,
            purposes: [1, 2],
            ...toCloud,
            uses: [{ purpose: 2, qualifier: 2 }],
          },
        },
      ],
    },
    {
      name: "Workout",
      record: { function: "workout", offByDefault: true },
      fields: [
        {
          name: "trace",
          policy: {
            category: 5,
            dataType: "Precise location (workout trace)",
            qualifier: 1,
            purposes: [1],
            transit: [{ hop: 2, measure: 3 }],
            retention: [{ kind: 7 }],
          },
        },
      ],
    },
    {
      name: "Local",
      fields: [
        { name: "song", policy: { category: 13, dataType: "Name of song", qualifier: 1, purposes: [1], flow: 1, transit: [{ hop: 1, measure: 1 }] } },
        { name: "cvv", policy: { category: 3, dataType: "CVV", qualifier: 1, purposes: [1], flow: 5 } },
        { name: "pin", policy: { category: 13, dataType: "PIN code", qualifier: 4, purposes: [1], transit: [{ hop: 1, measure: 1 }] } },
        { name: "ad_id", policy: { category: 7, dataType: "Advertising data", qualifier: 1, purposes: [4], transit: [{ hop: 2, measure: 0 }] } },
      ],
    },
  ],
});
const [band] = buildInventory([file]);

describe("applePrivacyLabel", () => {
  const label = applePrivacyLabel(band.fields);
  const entry = (type: AppleDataType) => label.NSPrivacyCollectedDataTypes.find((e) => e.NSPrivacyCollectedDataType === type);

  it("files pseudonymized analytics as Product Interaction, not linked, for Analytics", () => {
    expect(entry(AppleDataType.ProductInteraction)).toEqual({
      NSPrivacyCollectedDataType: "NSPrivacyCollectedDataTypeProductInteraction",
      NSPrivacyCollectedDataTypeLinked: false,
      NSPrivacyCollectedDataTypeTracking: false,
      NSPrivacyCollectedDataTypePurposes: ["NSPrivacyCollectedDataTypePurposeAnalytics"],
    });
  });

  it("links identified data and splits identifiers into user and device ids", () => {
    expect(entry(AppleDataType.CrashData)?.NSPrivacyCollectedDataTypeLinked).toBe(true);
    expect(entry(AppleDataType.UserID)?.NSPrivacyCollectedDataTypePurposes).toEqual([ApplePurpose.AppFunctionality]);
    expect(label.derivedFrom[AppleDataType.DeviceID]).toEqual(["MAC"]);
  });

  it("stays linked when any purpose is served identified, and refines 'Other data' by its label", () => {
    expect(entry(AppleDataType.Fitness)).toMatchObject({
      NSPrivacyCollectedDataTypeLinked: true,
      NSPrivacyCollectedDataTypePurposes: [ApplePurpose.Analytics, ApplePurpose.AppFunctionality],
    });
    expect(entry(AppleDataType.PreciseLocation)).toBeDefined();
  });

  it("treats identified advertising as tracking", () => {
    expect(entry(AppleDataType.AdvertisingData)).toMatchObject({
      NSPrivacyCollectedDataTypeTracking: true,
      NSPrivacyCollectedDataTypePurposes: [ApplePurpose.DeveloperAdvertising],
    });
  });

  it("leaves out what never leaves the user's devices or goes to the bank directly", () => {
    expect(label.notCollected).toEqual(["Name of song", "CVV", "PIN code"]);
    expect(label.NSPrivacyCollectedDataTypes.map((e) => e.NSPrivacyCollectedDataType)).not.toContain(AppleDataType.PaymentInfo);
  });
});

describe("googleDataSafetyLabel", () => {
  const label = googleDataSafetyLabel(band.fields);
  const entry = (dataType: string) => label.dataTypes.find((e) => e.dataType === dataType);

  it("answers per data type in Google's categories and purposes", () => {
    expect(entry("App interactions")).toEqual({
      category: "App activity",
      dataType: "App interactions",
      collected: true,
      shared: false,
      ephemeral: false,
      required: false,
      purposes: ["Analytics"],
      encryptedInTransit: true,
      derivedFrom: ["Product interaction"],
    });
    expect(entry("User IDs")).toMatchObject({ category: "Personal info", required: true, purposes: ["App functionality"] });
    expect(entry("Device or other IDs")?.derivedFrom).toEqual(["MAC"]);
  });

  it("marks transient cloud data ephemeral and an off-by-default function optional", () => {
    expect(entry("Precise location")).toMatchObject({ ephemeral: true, required: false, encryptedInTransit: true });
  });

  it("says no to 'all data encrypted in transit' when one collected type declares no encrypted hop", () => {
    expect(entry("Other actions")?.encryptedInTransit).toBe(false);
    expect(label.encryptedInTransit).toBe(false);
    expect(label.deletionRequest).toBe(true);
  });

  it("leaves out display-only, device-only and third-party-direct data", () => {
    expect(label.notCollected).toEqual(["Name of song", "CVV", "PIN code"]);
  });
});
