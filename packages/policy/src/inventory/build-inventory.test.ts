import { annotatedFile } from "@datapact/arbitrary";
import { describe, expect, it } from "vitest";
import { buildInventory } from "./build-inventory.js";

const band = annotatedFile({
  product: { id: "band", name: "Mi Smart Band" },
  messages: [
    {
      name: "HeartRateSample",
      record: { function: "heart_rate_monitoring" },
      fields: [
        {
          name: "beats_per_minute",
          policy: {
            category: 4,
            dataType: "Heart  rate according to time ",
            qualifier: 1,
            purposes: [1],
            transit: [
              { hop: 2, measure: 2 },
              { hop: 1, measure: 1 },
            ],
            storage: [{ tier: 1, measure: 1 }, { measure: 2 }],
            retention: [{ tier: 1, kind: 1 }, { kind: 3 }],
            source: "000 Appendix 1",
          },
        },
        { name: "unannotated" },
      ],
    },
    {
      name: "NotificationFrame",
      record: { function: "notification_display", offByDefault: true },
      fields: [
        {
          name: "caller",
          policy: {
            category: 6,
            dataType: "Other user content",
            qualifier: 1,
            purposes: [1],
            flow: 1,
            transit: [{ hop: 1, measure: 1 }],
            storage: [{ measure: 5 }],
            retention: [{ kind: 5 }],
          },
        },
      ],
    },
    { name: "Ack", record: { role: 2 }, fields: [{ name: "note", policy: { category: 7, qualifier: 1, purposes: [1] } }] },
    {
      name: "Interaction",
      fields: [
        {
          name: "clicks",
          policy: {
            category: 7,
            dataType: "Product interaction",
            qualifier: 1,
            purposes: [1, 2],
            transit: [{ hop: 2, measure: 3 }],
            storage: [{ tier: 3, measure: 2, algorithm: 3 }],
            retention: [{ kind: 4, days: 180 }],
            uses: [{ purpose: 2, qualifier: 2, retention: [{ kind: 4, days: 90 }] }],
            decision: "0007",
          },
        },
      ],
    },
  ],
});
const scale = annotatedFile({ product: { id: "scale" }, messages: [{ name: "Weight", fields: [{ name: "kg", policy: { category: 4, qualifier: 1, purposes: [1] } }] }] });

describe("buildInventory", () => {
  const [bandInventory, scaleInventory] = buildInventory([scale, band]);

  it("lists products by id with the product option's name", () => {
    expect([bandInventory.id, scaleInventory.id]).toEqual(["band", "scale"]);
    expect(bandInventory.name).toBe("Mi Smart Band");
    expect(bandInventory.files).toEqual([band.proto.name]);
  });

  it("has one row per annotated field of data-carrying messages, in declaration order", () => {
    expect(bandInventory.fields.map((f) => f.row.fieldPath)).toEqual([
      `${band.proto.package}.HeartRateSample.beats_per_minute`,
      `${band.proto.package}.NotificationFrame.caller`,
      `${band.proto.package}.Interaction.clicks`,
    ]);
  });

  it("renders a row in the seeds' words", () => {
    const { row } = bandInventory.fields[0];
    expect(row).toMatchObject({
      product: "band",
      category: "Sensitive information",
      dataType: "Heart rate according to time",
      qualifier: "Identified data",
      purposes: ["App/device functionality"],
      transmission: "Device: BLE App<-->Cloud: HTTPS",
      storage: "Device: No encryption App&cloud: Encryption",
      retention: "Device: Unpair or restore the factory-released binding with the user App&cloud: Per user request",
      source: "000 Appendix 1",
      decision: null,
      function: "heart_rate_monitoring",
      offByDefault: false,
    });
  });

  it("writes the display-only qualifier and bare tier-less values like the seed", () => {
    const { row } = bandInventory.fields[1];
    expect(row.qualifier).toBe("Only to display on device");
    expect(row.storage).toBe("Not stored");
    expect(row.retention).toBe("Not stored");
    expect(row.offByDefault).toBe(true);
    expect(row.values.flow).toBe("FLOW_DISPLAY_ONLY");
  });

  it("names algorithms, fixed periods and purpose uses", () => {
    const { row } = bandInventory.fields[2];
    expect(row.transmission).toBe("App<-->Cloud: HTTPS, AES-128");
    expect(row.storage).toBe("Cloud: keycenter AES-128");
    expect(row.retention).toBe("180 days");
    expect(row.purposes).toEqual(["App/device functionality", "Analytics"]);
    expect(row.uses).toEqual(["Analytics as Pseudonymized data, 90 days"]);
    expect(row.decision).toBe("0007");
  });

  it("carries the structured values as vocabulary names, leaving unset tiers out", () => {
    expect(bandInventory.fields[0].row.values).toEqual({
      category: "DATA_CATEGORY_HEALTH_AND_FITNESS",
      qualifier: "IDENTIFICATION_QUALIFIER_IDENTIFIED",
      flow: "FLOW_CLOUD",
      purposes: ["PURPOSE_FUNCTIONALITY"],
      transit: [
        { hop: "HOP_APP_CLOUD", measure: "TRANSIT_MEASURE_TLS" },
        { hop: "HOP_DEVICE_APP", measure: "TRANSIT_MEASURE_BLE_LINK" },
      ],
      storage: [{ tier: "TIER_DEVICE", measure: "STORAGE_MEASURE_PLAIN" }, { measure: "STORAGE_MEASURE_FIELD_ENCRYPTED" }],
      retention: [{ tier: "TIER_DEVICE", kind: "RETENTION_KIND_UNTIL_UNPAIR" }, { kind: "RETENTION_KIND_UNTIL_USER_REQUEST" }],
      uses: [],
    });
  });

  it("says 'Not transmitted' once for a value that crosses no hop", () => {
    const local = annotatedFile({
      product: { id: "vacuum" },
      messages: [
        {
          name: "CeilingFrame",
          fields: [
            {
              name: "image",
              policy: { category: 6, qualifier: 1, purposes: [1], transit: [{ hop: 1, measure: 7 }, { hop: 3, measure: 7 }] },
            },
            { name: "mixed", policy: { category: 6, qualifier: 1, purposes: [1], transit: [{ hop: 1, measure: 1 }, { hop: 3, measure: 7 }] } },
          ],
        },
      ],
    });
    const [vacuum] = buildInventory([local]);
    expect(vacuum.fields.map((f) => f.row.transmission)).toEqual(["Not transmitted", "Device: BLE Device<-->Cloud: Not transmitted"]);
  });

  it("keeps only the asked product", () => {
    expect(buildInventory([scale, band], { product: "scale" }).map((p) => p.id)).toEqual(["scale"]);
  });

  it("ignores files that declare no product", () => {
    expect(buildInventory([])).toEqual([]);
  });
});
