import { Code, ConnectError, createConnectRouter, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import { compressionBrotli, compressionGzip, universalRequestFromNodeRequest, universalResponseToNodeResponse } from "@connectrpc/connect-node";
import type { CloudLogger } from "../logging/cloud-logger.js";
import type { DualProtocolHandler } from "./dual-protocol-listener.js";
import { withUndecodableRequestStatus } from "./undecodable-request-status.js";

/** Options of {@link createRpcNodeHandler}. */
export interface RpcNodeHandlerOptions {
  readonly routes: (router: ConnectRouter) => void;
  readonly interceptors: Interceptor[];
  /** Largest request accepted (after decompression); larger ones get RESOURCE_EXHAUSTED. */
  readonly readMaxBytes: number;
  readonly logger: CloudLogger;
}

/**
 * The Node request handler of the cloud's Connect services (Connect, gRPC
 * and gRPC-Web protocols). It is connect-node's adapter with two changes: a
 * body that does not decode is INVALID_ARGUMENT rather than INTERNAL, and a
 * handler failure is logged through the cloud's logger as ids only (the
 * stock adapter prints the raw error to the console).
 */
export function createRpcNodeHandler(options: RpcNodeHandlerOptions): DualProtocolHandler {
  const router = createConnectRouter({
    interceptors: options.interceptors,
    readMaxBytes: options.readMaxBytes,
    acceptCompression: [compressionGzip, compressionBrotli],
  });
  options.routes(router);
  const handlers = new Map(router.handlers.map((h) => [h.requestPath, h]));
  return (req, res) => {
    const handler = handlers.get((req.url ?? "").split("?", 2)[0] ?? "");
    if (!handler) {
      res.writeHead(404);
      res.end();
      return;
    }
    const procedure = `${handler.service.typeName}/${handler.method.name}`;
    handler(universalRequestFromNodeRequest(req, res, undefined, undefined))
      .then((uRes) => withUndecodableRequestStatus(uRes, () => options.logger.log("warn", "rpc.undecodable_request", { procedure, code: "InvalidArgument" })))
      .then((uRes) => universalResponseToNodeResponse(uRes, res))
      .catch((reason: unknown) => {
        const code = ConnectError.from(reason).code;
        // A client that went away mid-call is not a failure of the server.
        if (code === Code.Aborted || code === Code.Canceled) return;
        options.logger.log("error", "rpc.transport_failed", { procedure, code: Code[code] });
      });
  };
}
