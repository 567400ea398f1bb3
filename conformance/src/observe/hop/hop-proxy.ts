import http from "node:http";
import http2 from "node:http2";
import type { Readable } from "node:stream";
import { listenH1AndH2c, type ListeningServer } from "../../http/h1-and-h2c-server.js";
import type { StepRef } from "../../protocol/step-ref.js";
import type { HopExchange, ProxiedHop } from "./hop-exchange.js";

/** Options of {@link startHopProxy}. */
export interface HopProxyOptions {
  /** The hop the proxy sits on. Default "app->cloud". */
  readonly hop?: ProxiedHop;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * HTTP version towards the upstream: "same" (default) forwards with the
   * version the client used, so an h2c-only cloud keeps getting h2c.
   */
  readonly upstreamHttpVersion?: "same" | "1.1" | "2";
}

/**
 * A reverse proxy on one hop (the testee's app, or its Wi-Fi devices, talking
 * to its cloud): forwards every request unchanged and records both bodies,
 * stamped with the step in progress. It observes, and never alters, what
 * crosses.
 */
export interface HopProxy {
  /** Where the testee must send this hop's traffic (ResetStep.app_cloud_url). */
  readonly url: string;
  readonly hop: ProxiedHop;
  /** Stamps the exchanges that start from now on with `step`. */
  setStep(step: StepRef | undefined): void;
  /** The exchanges completed since the last call. */
  take(): HopExchange[];
  close(): Promise<void>;
}

/** Headers that belong to one connection and are never forwarded (RFC 9110 §7.6.1, and what HTTP/2 forbids). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "http2-settings"]);

function forwardableHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(":") || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  // gRPC needs "te: trailers" end to end.
  if (headers["te"] === "trailers") out["te"] = "trailers";
  return out;
}

function flatHeaders(headers: http.IncomingHttpHeaders | http2.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

/** Collects what flows through a stream without holding it up. */
function tap(stream: Readable): () => Uint8Array {
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(Buffer.from(c)));
  return () => new Uint8Array(Buffer.concat(chunks));
}

/** Starts a hop proxy in front of `upstream` (http://host:port of the testee's cloud). */
export async function startHopProxy(upstream: string, options: HopProxyOptions = {}): Promise<HopProxy> {
  const hop = options.hop ?? "app->cloud";
  const target = new URL(upstream);
  let currentStep: StepRef | undefined;
  let exchanges: HopExchange[] = [];
  let session: http2.ClientHttp2Session | undefined;

  const upstreamSession = (): http2.ClientHttp2Session => {
    if (!session || session.closed || session.destroyed) {
      session = http2.connect(target.origin);
      session.on("error", () => {});
    }
    return session;
  };

  const handler = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => {
    const step = currentStep;
    const started = { method: req.method ?? "GET", url: req.url ?? "/", httpVersion: req.httpVersion === "2.0" ? ("2" as const) : ("1.1" as const) };
    const [path, ...queryParts] = started.url.split("?");
    const requestBody = tap(req as Readable);
    const useH2 = (options.upstreamHttpVersion ?? "same") === "same" ? started.httpVersion === "2" : options.upstreamHttpVersion === "2";
    const record = (status: number, responseHeaders: Record<string, string>, responseBody: Uint8Array) => {
      exchanges.push({
        hop,
        step,
        httpVersion: started.httpVersion,
        method: started.method,
        path: path ?? "/",
        query: queryParts.join("?"),
        requestHeaders: flatHeaders(req.headers),
        requestBody: requestBody(),
        status,
        responseHeaders,
        responseBody,
      });
    };
    const badGateway = () => {
      if (!res.headersSent) {
        (res as http.ServerResponse).writeHead(502, { "content-type": "text/plain" });
        res.end("datapact hop proxy: upstream unreachable");
      } else res.end();
      record(502, {}, new Uint8Array());
    };

    if (useH2) {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = upstreamSession().request({ ...forwardableHeaders(req.headers), ":method": started.method, ":path": started.url, ":authority": target.host });
      } catch {
        badGateway();
        return;
      }
      stream.on("error", badGateway);
      (req as Readable).pipe(stream);
      stream.on("response", (headers) => {
        const status = Number(headers[":status"] ?? 502);
        const responseBody = tap(stream);
        (res as http2.Http2ServerResponse).writeHead(status, forwardableHeaders(headers as http.IncomingHttpHeaders));
        stream.on("trailers", (trailers) => (res as http2.Http2ServerResponse).addTrailers(flatHeaders(trailers)));
        stream.pipe(res as unknown as NodeJS.WritableStream);
        stream.on("end", () => record(status, flatHeaders(headers), responseBody()));
      });
      return;
    }

    const forward = http.request(
      { host: target.hostname, port: target.port, method: started.method, path: started.url, headers: { ...forwardableHeaders(req.headers), host: target.host } },
      (upstreamRes) => {
        const status = upstreamRes.statusCode ?? 502;
        const responseBody = tap(upstreamRes);
        (res as http.ServerResponse).writeHead(status, forwardableHeaders(upstreamRes.headers));
        upstreamRes.pipe(res as unknown as NodeJS.WritableStream);
        upstreamRes.on("end", () => {
          if (Object.keys(upstreamRes.trailers).length > 0) (res as http.ServerResponse).addTrailers(flatHeaders(upstreamRes.trailers));
          record(status, flatHeaders(upstreamRes.headers), responseBody());
        });
      },
    );
    forward.on("error", badGateway);
    (req as Readable).pipe(forward);
  };

  const server: ListeningServer = await listenH1AndH2c(handler, options.port ?? 0);
  return {
    url: server.url,
    hop,
    setStep(step) {
      currentStep = step;
    },
    take() {
      const out = exchanges;
      exchanges = [];
      return out;
    },
    async close() {
      session?.destroy();
      await server.close();
    },
  };
}
