import type { Observation } from "../../observe/observation.js";
import type { ObservedRow } from "./observed-groups.js";

const CELL = /^(.*)\.([^.]+) row (\d+)$/;

/**
 * Regroups the cells of the testee's own dump of a tier (`cloud-store`,
 * `app-store`, `device-store`, detail `<owner/><table>.<column> row <n>`)
 * into rows, named like the database scan's (`cloud-store:<table>`), so the
 * same row checks run on both.
 */
export function dumpedRows(observations: readonly Observation[], sink: "cloud-store" | "app-store" | "device-store"): ObservedRow[] {
  const rows = new Map<string, { table: string; row: string; cells: Observation[] }>();
  for (const o of observations) {
    if (o.sink !== sink) continue;
    const m = CELL.exec(o.detail ?? "");
    if (!m) continue;
    const key = `${m[1]}\u0000${m[3]}\u0000${o.step?.number ?? ""}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { table: `${sink}:${m[1]}`, row: `row ${m[3]}`, cells: [] }));
    r.cells.push(o);
  }
  return [...rows.values()];
}

/** The column of a dumped cell: `records.statement row 2` -> `statement`. */
export function dumpedColumnOf(cell: Observation): string {
  return CELL.exec(cell.detail ?? "")?.[2] ?? "";
}
