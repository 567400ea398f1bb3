import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replayable } from "@datapact/arbitrary";
import { Canary } from "../../canary/canary.js";
import { findCanaries, type CanaryHit } from "../../canary/find-canaries.js";
import type { Observation } from "../../observe/observation.js";
import type { ObservedRow } from "./observed-groups.js";
import { hitsPerRow, rowsWithAny } from "./row-hits.js";

const utf8 = new TextEncoder();
const canaries = Array.from({ length: 6 }, (_, i) => Canary.mint(`f${i}`));

/** A hit as a comparable string: everything a judge reads of it. */
function described(h: CanaryHit): string {
  return [h.canary.key, h.sink, h.encoding, h.via.join("/"), h.detail ?? "", h.observedAt?.number ?? ""].join("|");
}

/** A cell holding some of the canaries (plain, hex or base64) among filler. */
const cellArb = (column: number, row: number, step: number) =>
  fc
    .array(fc.record({ canary: fc.integer({ min: 0, max: canaries.length - 1 }), encoding: fc.constantFrom("plain", "hex", "base64") }), { maxLength: 3 })
    .map((parts): Observation => {
      const text = parts
        .map(({ canary, encoding }) => {
          const value = String(canaries[canary]!.value);
          return encoding === "plain" ? value : Buffer.from(value).toString(encoding as BufferEncoding);
        })
        .join(" filler ");
      return { sink: `db:public.t.c${column}`, bytes: utf8.encode(`x${text}y`), detail: `row ${row}`, step: { number: step, name: "dump", summary: "dump" } };
    });

/** Rows of one table as the scanner groups them; the same row may be observed at two dumps. */
const rowsArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 6 }), fc.integer({ min: 1, max: 3 })), { maxLength: 8 }).chain((shapes) =>
  fc.tuple(
    ...shapes.map(([row, step, columns]) =>
      fc.tuple(...Array.from({ length: columns }, (_, c) => cellArb(c, row, step))).map((cells): ObservedRow => ({ table: "db:public.t", row: `row ${row}`, cells })),
    ),
  ),
);

describe("hitsPerRow", () => {
  it("finds in each row exactly what a search of that row alone finds", () => {
    fc.assert(
      fc.property(rowsArb, fc.subarray(canaries, { minLength: 1 }), (rows, searched) => {
        const together = hitsPerRow(rows, searched);
        expect(together).toHaveLength(rows.length);
        rows.forEach((row, i) => {
          const alone = findCanaries(row.cells, searched).map(described).sort();
          expect(together[i]!.map(described).sort()).toEqual(alone);
        });
        expect(rowsWithAny(rows, searched)).toEqual(rows.filter((row) => findCanaries(row.cells, searched).length > 0));
      }),
      replayable("hitsPerRow equals one findCanaries per row", 200),
    );
  });

  it("finds a canary planted in one row in that row only", () => {
    const cell = (row: number, text: string): Observation => ({ sink: "db:public.t.c", bytes: utf8.encode(text), detail: `row ${row}` });
    const rows: ObservedRow[] = [
      { table: "db:public.t", row: "row 1", cells: [cell(1, "nothing here")] },
      { table: "db:public.t", row: "row 2", cells: [cell(2, `a ${String(canaries[0]!.value)} b`)] },
    ];
    const found = hitsPerRow(rows, canaries);
    expect(found[0]).toEqual([]);
    expect(found[1]!.map((h) => [h.canary.key, h.detail])).toEqual([[canaries[0]!.key, "row 2"]]);
    expect(hitsPerRow(rows, [])).toEqual([[], []]);
  });
});
