import type { StepRef } from "../../protocol/step-ref.js";

/** The hops the kit can sit on as a proxy. */
export type ProxiedHop = "app->cloud" | "device->cloud";

/** One request and its response as the proxy relayed them. */
export interface HopExchange {
  readonly hop: ProxiedHop;
  /** The step in progress when the request arrived. */
  readonly step: StepRef | undefined;
  readonly httpVersion: "1.1" | "2";
  readonly method: string;
  /** The request path without its query, e.g. `/datapact.cloud.v1.SyncService/Ingest`: what reports print. */
  readonly path: string;
  /** The query string (searched like a body, never printed: it can hold values). */
  readonly query: string;
  /** Request headers, lower-case names (searched, never printed). */
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody: Uint8Array;
  /** The upstream status; 502 when the upstream could not be reached. */
  readonly status: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responseBody: Uint8Array;
}
