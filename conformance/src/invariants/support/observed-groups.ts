import type { Observation } from "../../observe/observation.js";

/** One request and response the hop proxy relayed, as the observations of its parts. */
export interface ObservedExchange {
  readonly sink: Observation["sink"];
  /** Headers and query string (searched, never printed). */
  readonly meta: Observation;
  readonly request: readonly Observation[];
  readonly response: readonly Observation[];
  /** "POST /datapact.cloud.v1.SyncService/Ingest": where, never what. */
  readonly label: string;
}

const META_SUFFIX = " headers and query";

/**
 * Regroups hop observations into exchanges. The kit lists each exchange as
 * its "headers and query" observation followed by the messages of its
 * request and response, so consecutive observations of one hop after a
 * headers observation belong to that exchange.
 */
export function observedExchanges(observations: readonly Observation[]): ObservedExchange[] {
  const out: { sink: Observation["sink"]; meta: Observation; request: Observation[]; response: Observation[]; label: string }[] = [];
  const open = new Map<string, (typeof out)[number]>();
  for (const o of observations) {
    if (o.sink !== "hop:app->cloud" && o.sink !== "hop:device->cloud") continue;
    const detail = o.detail ?? "";
    if (detail.endsWith(META_SUFFIX)) {
      const exchange = { sink: o.sink, meta: o, request: [], response: [], label: detail.slice(0, -META_SUFFIX.length) };
      out.push(exchange);
      open.set(o.sink, exchange);
      continue;
    }
    const current = open.get(o.sink);
    if (!current) continue;
    if (detail.startsWith(`${current.label} request`)) current.request.push(o);
    else if (detail.startsWith(`${current.label} response`)) current.response.push(o);
  }
  return out;
}

/** One row of a table the kit read itself, as the observations of its cells. */
export interface ObservedRow {
  /** `db:<schema>.<table>` */
  readonly table: string;
  /** "row 3" */
  readonly row: string;
  readonly cells: readonly Observation[];
}

/** Regroups the database scan's cell observations into rows. */
export function observedRows(observations: readonly Observation[]): ObservedRow[] {
  const rows = new Map<string, { table: string; row: string; cells: Observation[] }>();
  for (const o of observations) {
    if (!o.sink.startsWith("db:")) continue;
    const table = o.sink.slice(0, o.sink.lastIndexOf("."));
    const row = o.detail ?? "";
    const key = `${table}\u0000${row}\u0000${o.step?.number ?? ""}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { table, row, cells: [] }));
    r.cells.push(o);
  }
  return [...rows.values()];
}

/** The column a cell observation is of: `db:public.records.statement` -> `statement`. */
export function columnOf(cell: Observation): string {
  return cell.sink.slice(cell.sink.lastIndexOf(".") + 1);
}
