import type { Interceptor, Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import type { CloudEndpoint, UserTokenSource } from "./cloud-endpoint.js";

/**
 * The transport of every call made as the user's account (sync, consent,
 * sharing): each request carries `authorization: Bearer <token>`, the token
 * fetched from the app at call time and never kept by the SDK.
 */
export function accountTransport(endpoint: CloudEndpoint, userToken: UserTokenSource): Transport {
  const bearer: Interceptor = (next) => async (req) => {
    req.header.set("authorization", `Bearer ${await userToken()}`);
    return next(req);
  };
  return createConnectTransport({
    baseUrl: endpoint.baseUrl,
    httpVersion: endpoint.httpVersion ?? "1.1",
    defaultTimeoutMs: endpoint.timeoutMs ?? 15_000,
    interceptors: [bearer],
  });
}
