import type { Interceptor, Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import type { Agent } from "node:http";
import type { CloudEndpoint, UserTokenSource } from "./cloud-endpoint.js";

/**
 * The transport of every call made as the user's account (sync, consent,
 * sharing): each request carries `authorization: Bearer <token>`, the token
 * fetched from the app at call time and never kept by the SDK. `pool` (see
 * connectionPool) must not be shared with the analytics transport.
 */
export function accountTransport(endpoint: CloudEndpoint, userToken: UserTokenSource, pool?: Agent): Transport {
  const bearer: Interceptor = (next) => async (req) => {
    req.header.set("authorization", `Bearer ${await userToken()}`);
    return next(req);
  };
  const common = { baseUrl: endpoint.baseUrl, defaultTimeoutMs: endpoint.timeoutMs ?? 15_000, interceptors: [bearer] };
  // HTTP/2 sessions belong to one transport already; HTTP/1.1 needs its own pool.
  return endpoint.httpVersion === "2"
    ? createConnectTransport({ ...common, httpVersion: "2" })
    : createConnectTransport({ ...common, httpVersion: "1.1", nodeOptions: pool ? { agent: pool } : undefined });
}
