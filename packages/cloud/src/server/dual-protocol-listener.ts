import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { Duplex } from "node:stream";

/** A request handler for both HTTP/1.1 and HTTP/2 (Node's compatibility API). */
export type DualProtocolHandler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

/** A listening HTTP/1.1 + h2c server. */
export interface DualProtocolListener {
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, destroys open connections and HTTP/2 sessions, and resolves once the port is closed. Idempotent. */
  close(): Promise<void>;
}

/** Every HTTP/2 connection starts with the preface "PRI * HTTP/2.0"; no HTTP/1 method starts with "PRI". */
const H2_PREFACE_START = Buffer.from("PRI", "latin1");

/**
 * Serves HTTP/1.1 and cleartext HTTP/2 with prior knowledge (what Connect
 * and gRPC clients speak without TLS) on one port: the first bytes of each
 * connection pick the protocol. close() never waits for clients: it
 * destroys every socket and session it handed out.
 */
export async function listenDualProtocol(handler: DualProtocolHandler, options: { port?: number; host?: string } = {}): Promise<DualProtocolListener> {
  const host = options.host ?? "127.0.0.1";
  const h1 = http.createServer(handler as http.RequestListener);
  const h2 = http2.createServer(handler as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
    session.on("error", () => session.destroy());
  });
  h1.on("clientError", (_err, socket) => socket.destroy());
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.pause();
      if (first.subarray(0, H2_PREFACE_START.length).equals(H2_PREFACE_START)) {
        h2.emit("connection", replayingStream(socket, first));
      } else {
        socket.unshift(first);
        h1.emit("connection", socket);
        socket.resume();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of sessions) s.destroy();
        for (const s of sockets) s.destroy();
        h1.closeAllConnections();
        await closed;
        h1.close();
        h2.close();
      })();
      return closing;
    },
  };
}

/**
 * The HTTP/2 server reads a net.Socket through its native handle, where the
 * bytes already read cannot be pushed back; it gets a stream that yields
 * them first and then relays the socket both ways.
 */
function replayingStream(socket: net.Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, encoding, callback) {
      socket.write(chunk, encoding, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(err, callback) {
      socket.destroy();
      callback(err);
    },
  });
  stream.push(first);
  socket.on("data", (chunk) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on("end", () => stream.push(null));
  socket.on("close", () => stream.destroy());
  return stream;
}
