export { startHopProxy, type HopProxy, type HopProxyOptions } from "./hop-proxy.js";
export type { HopExchange, ProxiedHop } from "./hop-exchange.js";
export { bodyMessages, type BodyMessage } from "./connect-bodies.js";
export { hopObservations } from "./hop-observations.js";
