import type { Observation } from "../observation.js";
import { bodyMessages } from "./connect-bodies.js";
import type { HopExchange } from "./hop-exchange.js";

const encoder = new TextEncoder();

/** Every message of every relayed request and response, as observations of the hop's sink. */
export function hopObservations(exchanges: Iterable<HopExchange>): Observation[] {
  const out: Observation[] = [];
  for (const x of exchanges) {
    const sink = x.hop === "app->cloud" ? "hop:app->cloud" : "hop:device->cloud";
    // Headers and the query string can carry values as well as bodies can.
    const meta = [x.query, ...Object.entries(x.requestHeaders).map(([k, v]) => `${k}: ${v}`), ...Object.entries(x.responseHeaders).map(([k, v]) => `${k}: ${v}`)].join("\n");
    out.push({ sink, bytes: encoder.encode(meta), step: x.step, detail: `${x.method} ${x.path} headers and query` });
    for (const m of bodyMessages(x.requestBody, x.requestHeaders)) {
      out.push({ sink, bytes: m.bytes, step: x.step, detail: `${x.method} ${x.path} request ${m.label}` });
    }
    for (const m of bodyMessages(x.responseBody, x.responseHeaders)) {
      out.push({ sink, bytes: m.bytes, step: x.step, detail: `${x.method} ${x.path} response ${m.label}` });
    }
  }
  return out;
}
