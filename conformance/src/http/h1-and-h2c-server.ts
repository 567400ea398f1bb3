import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { Duplex } from "node:stream";

/** A request handler that serves both HTTP/1.1 and HTTP/2 (the compatibility API). */
export type DualProtocolHandler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

/** A listening server; {@link ListeningServer.close} stops it and drops open connections. */
export interface ListeningServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The HTTP/2 connection preface starts with these bytes; no HTTP/1 method does. */
const H2_PREFACE_START = "PRI";

/**
 * Listens on 127.0.0.1 and serves HTTP/1.1 and cleartext HTTP/2 (prior
 * knowledge, which is what Connect and gRPC clients use) on the same port,
 * by looking at the first bytes of each connection. Clients of a testee pick
 * their own HTTP version; the kit must accept either.
 */
export async function listenH1AndH2c(handler: DualProtocolHandler, port = 0): Promise<ListeningServer> {
  const h1 = http.createServer(handler as http.RequestListener);
  const h2 = http2.createServer(handler as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on("session", (s) => {
    sessions.add(s);
    s.once("close", () => sessions.delete(s));
  });
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.once("data", (first: Buffer) => {
      socket.pause();
      if (first.subarray(0, 3).toString("latin1") === H2_PREFACE_START) {
        h2.emit("connection", replayingSocket(socket, first));
      } else {
        socket.unshift(first);
        h1.emit("connection", socket);
        socket.resume();
      }
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    async close() {
      for (const s of sessions) s.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      h1.close();
      h2.close();
    },
  };
}

/**
 * The HTTP/2 server reads a connection through its native handle, so bytes
 * already read from the socket cannot be pushed back; it gets a stream that
 * replays them first and then relays the socket.
 */
function replayingSocket(socket: net.Socket, first: Buffer): Duplex {
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
      socket.destroy(err ?? undefined);
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
