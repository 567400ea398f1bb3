import { replayable } from "@datapact/arbitrary";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestChunkSizes } from "../../src/services/sync/ingest-pipeline.js";

describe("ingestChunkSizes", () => {
  it("covers every record once: 25 first and last, chunks of at most 100 between, as even as can be (property)", () => {
    const params = replayable("ingest chunk sizes: cover the batch", 500);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (count) => {
        const sizes = ingestChunkSizes(count);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
        expect(sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 100)).toBe(true);
        if (count > 50) {
          expect(sizes[0]).toBe(25);
          expect(sizes.at(-1)).toBe(25);
          const body = sizes.slice(1, -1);
          expect(Math.max(...body) - Math.min(...body)).toBeLessThanOrEqual(1);
          expect(body.length).toBe(Math.ceil((count - 50) / 100));
        } else if (count > 25) {
          expect(sizes).toEqual([25, count - 25]);
        } else {
          expect(sizes).toEqual(count === 0 ? [] : [count]);
        }
      }),
      params,
    );
  });

  it("splits the usual batch of 500 as 25, five chunks of 90, then 25", () => {
    expect(ingestChunkSizes(500)).toEqual([25, 90, 90, 90, 90, 90, 25]);
  });
});
