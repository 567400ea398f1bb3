import { create } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { conformance } from "@datapact/proto";
import { listenH1AndH2c, type ListeningServer } from "../http/h1-and-h2c-server.js";

/** What a testee does with one step. */
export type HarnessHandler = (request: conformance.HarnessRequest) => conformance.HarnessResponse | Promise<conformance.HarnessResponse>;

/** Options of {@link serveHarness}. */
export interface ServeHarnessOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** Registers more services on the same server (a testee's cloud, say). */
  readonly routes?: (router: ConnectRouter) => void;
}

/**
 * Exposes a TypeScript testee over Connect: serves HarnessService.Step on
 * 127.0.0.1 (HTTP/1.1 and h2c) and calls `handler` for each step. Drive it
 * with `datapact certify --url <url>`.
 */
export async function serveHarness(handler: HarnessHandler, options: ServeHarnessOptions = {}): Promise<ListeningServer> {
  const adapter = connectNodeAdapter({
    routes(router) {
      router.service(conformance.HarnessService, {
        async step(req) {
          const response = await handler(req.request ?? create(conformance.HarnessRequestSchema));
          return create(conformance.StepResponseSchema, { response });
        },
      });
      options.routes?.(router);
    },
  });
  return listenH1AndH2c(adapter, options.port ?? 0);
}
