import { replayable } from "@datapact/arbitrary";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestChunkSizes } from "../../src/services/sync/ingest-pipeline.js";

describe("ingestChunkSizes", () => {
  it("covers every record once, in chunks of at most 100 as even as can be, the last 25 apart (property)", () => {
    const params = replayable("ingest chunk sizes: cover the batch", 500);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (count) => {
        const sizes = ingestChunkSizes(count);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
        expect(sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 100)).toBe(true);
        if (count > 25) {
          expect(sizes.at(-1)).toBe(25);
          const body = sizes.slice(0, -1);
          expect(Math.max(...body) - Math.min(...body)).toBeLessThanOrEqual(1);
          expect(body.length).toBe(Math.ceil((count - 25) / 100));
        } else {
          expect(sizes).toEqual(count === 0 ? [] : [count]);
        }
      }),
      params,
    );
  });

  it("splits the usual batch of 500 as five chunks of 95, then 25", () => {
    expect(ingestChunkSizes(500)).toEqual([95, 95, 95, 95, 95, 25]);
  });
});
