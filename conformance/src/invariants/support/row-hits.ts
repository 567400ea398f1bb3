import type { Canary } from "../../canary/canary.js";
import { findCanaries, type CanaryHit } from "../../canary/find-canaries.js";
import type { ObservedRow } from "./observed-groups.js";

const ROW_TAG = "\u0000";

/**
 * The canaries found in each row's cells, as `findCanaries(row.cells,
 * canaries)` would give them row by row, in one search over every row: each
 * search prepares the needles of every canary in every encoding first, and
 * a scenario that planted a few hundred canaries has thousands of rows, so
 * one search per row spent most of a judge's time preparing needles again.
 * Each cell is searched under a detail tagged with its row, so hits in two
 * rows are never merged, and the tag is removed from the hits returned.
 */
export function hitsPerRow(rows: readonly ObservedRow[], canaries: readonly Canary[]): CanaryHit[][] {
  const perRow: CanaryHit[][] = rows.map(() => []);
  if (rows.length === 0 || canaries.length === 0) return perRow;
  // tag -> the row and the cell's own detail
  const places = new Map<string, { row: number; detail: string | undefined }>();
  const tagged = rows.flatMap((row, i) =>
    row.cells.map((cell) => {
      const tag = `${i}${ROW_TAG}${cell.detail ?? ""}`;
      places.set(tag, { row: i, detail: cell.detail });
      return { ...cell, detail: tag };
    }),
  );
  for (const hit of findCanaries(tagged, canaries)) {
    const place = places.get(hit.detail!)!;
    perRow[place.row]!.push({ ...hit, detail: place.detail });
  }
  return perRow;
}

/** The rows in which any of `canaries` is found. */
export function rowsWithAny(rows: readonly ObservedRow[], canaries: readonly Canary[]): ObservedRow[] {
  const perRow = hitsPerRow(rows, canaries);
  return rows.filter((_, i) => perRow[i]!.length > 0);
}
