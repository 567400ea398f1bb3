import { replayable } from "@datapact/arbitrary";
import { Purpose } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CorruptStateError } from "../errors/corrupt-state-error.js";
import { decodeMirrorOperations, encodeMirrorOperations, type MirrorOperation } from "./mirror-operation.js";

describe("waiting consent changes codec", () => {
  it("reads back what it wrote, in order", () => {
    const ops: MirrorOperation[] = [
      { op: "withdraw", productId: "p", purposes: [Purpose.ANALYTICS] },
      { op: "function", productId: "p", fn: "f", enabled: true },
      { op: "upload-switch", productId: "p", name: "u", enabled: false },
    ];
    expect(decodeMirrorOperations("k", encodeMirrorOperations(ops))).toEqual(ops);
  });

  it("answers any bytes with operations or CorruptStateError (fuzz)", () => {
    const op = fc.record(
      { op: fc.constantFrom("withdraw", "function", "upload-switch", "other"), productId: fc.anything(), purposes: fc.anything(), fn: fc.anything(), name: fc.anything(), enabled: fc.anything() },
      { requiredKeys: [] },
    );
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.json().map((j) => new TextEncoder().encode(j)),
      fc.record({ format: fc.constantFrom(1, 2), ops: fc.array(op, { maxLength: 4 }) }).map((o) => new TextEncoder().encode(JSON.stringify(o))),
    );
    fc.assert(
      fc.property(inputs, (bytes) => {
        try {
          for (const decoded of decodeMirrorOperations("k", bytes)) expect(typeof decoded.productId).toBe("string");
        } catch (err) {
          expect(err).toBeInstanceOf(CorruptStateError);
        }
      }),
      replayable("waiting consent changes decoding", 300),
    );
  });
});
