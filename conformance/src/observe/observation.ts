import type { StepRef } from "../protocol/step-ref.js";

/**
 * Where the kit saw bytes:
 * - `db:<schema>.<table>.<column>`: a cell of the testee's database, read by the kit itself;
 * - `hop:app->cloud`, `hop:device->cloud`: a request or response body the hop proxy relayed;
 * - `hop:device->app`: a frame the testee reports crossing the device<->app link;
 * - `log`: a line of the testee's log (stderr, or log lines it dumped);
 * - `export`: what the testee returned for an export;
 * - `device-store`, `app-store`, `cloud-store`: what the testee's dump says it keeps at that tier;
 * - `read-as`: what a shared party or another manufacturer was served.
 */
export type Sink =
  | `db:${string}`
  | "hop:app->cloud"
  | "hop:device->cloud"
  | "hop:device->app"
  | "log"
  | "export"
  | "device-store"
  | "app-store"
  | "cloud-store"
  | "read-as";

/** Bytes the kit observed in one sink. */
export interface Observation {
  readonly sink: Sink;
  readonly bytes: Uint8Array;
  /** The step during (or after) which it was observed, when known. */
  readonly step?: StepRef;
  /** Where inside the sink: "row 3", "POST /datapact.cloud.v1.SyncService/Ingest request", "records/offline_queue". Never a value. */
  readonly detail?: string;
}

/** The tier a sink belongs to, for data-flow pictures; undefined for sinks outside the three tiers (logs, exports, readers). */
export function tierOfSink(sink: Sink): "device" | "app" | "cloud" | undefined {
  if (sink.startsWith("db:") || sink === "cloud-store" || sink === "hop:app->cloud" || sink === "hop:device->cloud") return "cloud";
  if (sink === "app-store" || sink === "hop:device->app") return "app";
  if (sink === "device-store") return "device";
  return undefined;
}

/** The kind of a sink without its location: `db` for every `db:` sink. */
export function sinkKind(sink: Sink): string {
  return sink.startsWith("db:") ? "db" : sink;
}
