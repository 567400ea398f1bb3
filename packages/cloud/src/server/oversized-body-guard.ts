import type http from "node:http";
import type { DualProtocolHandler } from "./dual-protocol-listener.js";

/**
 * Wraps a handler so that an HTTP/1.1 request whose body may exceed
 * `readMaxBytes` (declared larger, or of unknown length) gets its connection
 * closed after the response. The handler stops reading such a body at the
 * limit; on a kept-alive connection the unread rest would stall the next
 * request until the idle timeout reset it. HTTP/2 streams need no help.
 */
export function closingOversizedConnections(handler: DualProtocolHandler, readMaxBytes: number): DualProtocolHandler {
  return (req, res) => {
    if (req.httpVersionMajor === 1) {
      const declared = Number(req.headers["content-length"] ?? Number.NaN);
      if (!Number.isFinite(declared) || declared > readMaxBytes) (res as http.ServerResponse).shouldKeepAlive = false;
    }
    handler(req, res);
  };
}
