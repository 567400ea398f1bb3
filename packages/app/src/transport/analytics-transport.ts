import { Code, ConnectError, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import type { Agent } from "node:http";
import type { CloudEndpoint } from "./cloud-endpoint.js";

/** The header that carries the UXIP per-install token, and nothing else identifies the sender. */
export const INSTALL_TOKEN_HEADER = "x-datapact-install-token";

/**
 * The transport of the User Experience Improvement Plan: a separate
 * transport (and usually a separate endpoint) whose requests carry the
 * random per-install token and never the user's bearer token or a cookie,
 * so analytics cannot be joined to the account on the way in. `pool` (see
 * connectionPool) must be its own, so no connection carries both.
 */
export function analyticsTransport(endpoint: CloudEndpoint, installToken: () => string | undefined, pool?: Agent): Transport {
  const unlinked: Interceptor = (next) => async (req) => {
    const token = installToken();
    // Without a token the user is not in the plan: nothing may leave.
    if (!token) throw new ConnectError("not enrolled in the user experience improvement plan", Code.FailedPrecondition);
    req.header.delete("authorization");
    req.header.delete("cookie");
    req.header.set(INSTALL_TOKEN_HEADER, token);
    return next(req);
  };
  const common = { baseUrl: endpoint.baseUrl, defaultTimeoutMs: endpoint.timeoutMs ?? 15_000, interceptors: [unlinked] };
  return endpoint.httpVersion === "2"
    ? createConnectTransport({ ...common, httpVersion: "2" })
    : createConnectTransport({ ...common, httpVersion: "1.1", nodeOptions: pool ? { agent: pool } : undefined });
}
