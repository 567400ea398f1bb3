import { annotatedFile } from "@datapact/arbitrary";
import { describe, expect, it } from "vitest";
import { buildInventory } from "./build-inventory.js";
import { inventoryTableRows } from "./table-rows.js";

const mac = { category: 1, dataType: "MAC", qualifier: 1, purposes: [1], storage: [{ measure: 1 }], retention: [{ kind: 3 }] };
const file = annotatedFile({
  product: { id: "band" },
  messages: [
    {
      name: "Settings",
      fields: [{ name: "firmware", policy: { category: 13, dataType: "Firmware version", qualifier: 1, purposes: [1] } }],
    },
    { name: "PairFrame", fields: [{ name: "mac", policy: { ...mac, transit: [{ hop: 1, measure: 1 }] } }] },
    {
      name: "BindRecord",
      fields: [
        { name: "mac", policy: { ...mac, purposes: [2, 1], transit: [{ hop: 2, measure: 2 }], decision: "0002" } },
        { name: "untitled", policy: { category: 13, qualifier: 1, purposes: [1] } },
      ],
    },
    { name: "Other", fields: [{ name: "mac", policy: { ...mac, storage: [{ measure: 2 }] } }] },
  ],
});
const [band] = buildInventory([file]);
const rows = inventoryTableRows(band.fields);

describe("inventoryTableRows", () => {
  it("folds the fields of one (category, data type) into one row, ordered like the seeds' tables", () => {
    expect(rows.map((r) => r.dataType)).toEqual([
      "MAC",
      "Firmware version",
      `(no data type) ${file.proto.package}.BindRecord.untitled`,
    ]);
    expect(rows[0].fields).toEqual([
      `${file.proto.package}.PairFrame.mac`,
      `${file.proto.package}.BindRecord.mac`,
      `${file.proto.package}.Other.mac`,
    ]);
  });

  it("unites hops and purposes, and shows every storage the fields disagree on", () => {
    expect(rows[0]).toMatchObject({
      category: "Identifiers",
      qualifier: "Identified data",
      purpose: "App/device functionality, analytics",
      transmission: "Device: BLE App<-->Cloud: HTTPS",
      storage: "No encryption / Encryption",
      retention: "Per user request",
      decisions: ["0002"],
    });
  });

  it("writes '-' for a row that declares no transit, storage or retention", () => {
    expect(rows[1]).toMatchObject({ transmission: "-", storage: "-", retention: "-", decisions: [] });
  });
});
