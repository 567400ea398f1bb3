import type { DescMessage } from "@bufbuild/protobuf";
import { band, cloud, pactFiles } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { MessageCatalog, messageTypeId, TypeIdCollisionError } from "../src/index.js";
import { bandCatalog, bandFiles } from "./harness/band.js";

describe("MessageCatalog", () => {
  it("gives each type a stable 32-bit id from its name, the same on both ends", () => {
    const id = messageTypeId(band.NotificationFrameSchema.typeName);
    expect(id).toBe(messageTypeId("datapact.devices.band.v1.NotificationFrame"));
    expect(id).toBeGreaterThanOrEqual(0);
    expect(id).toBeLessThan(2 ** 32);
    expect(bandCatalog.idOf(band.NotificationFrameSchema.typeName)).toBe(id);
    expect(bandCatalog.schemaOf(id)).toBe(band.NotificationFrameSchema);
  });

  it("holds every message of the files it is built from, nested ones too, and nothing else", () => {
    const names = bandFiles.flatMap((f) => f.messages.map((m) => m.typeName));
    for (const n of names) expect(bandCatalog.idOf(n)).toBeDefined();
    expect(bandCatalog.idOf(cloud.DeviceCommandSchema.typeName)).toBeUndefined();
    expect(bandCatalog.schemaOf(0xdeadbeef)).toBeUndefined();
    const extended = bandCatalog.with([cloud.DeviceCommandSchema]);
    expect(extended.size).toBe(bandCatalog.size + 1);
    expect(new MessageCatalog([band.DeviceInfoFrameSchema, band.DeviceInfoFrameSchema]).size).toBe(1);
  });

  it("has no id collision across the whole pact", () => {
    expect(MessageCatalog.fromFiles(pactFiles).size).toBeGreaterThan(100);
  });

  it("refuses two types whose ids collide", () => {
    // 32-bit ids collide after ~2^16 names (birthday bound); find a pair and check the catalog refuses it.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const name = `test.Collision${i}`;
      const id = messageTypeId(name);
      const other = seen.get(id);
      if (other) pair = [other, name];
      else seen.set(id, name);
    }
    const fake = (typeName: string) => ({ kind: "message", typeName }) as unknown as DescMessage;
    expect(() => new MessageCatalog([fake(pair![0]), fake(pair![1])])).toThrow(TypeIdCollisionError);
  });
});
