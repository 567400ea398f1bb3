import { connect, createServer, type Server, type Socket } from "node:net";
import { LinkClosedError } from "../errors/link-closed-error.js";
import { TransportError } from "../errors/transport-error.js";
import type { ByteTransport } from "./byte-transport.js";
import { TransportListeners } from "./transport-listeners.js";

/** Options of the TCP transport. */
export interface TcpTransportOptions {
  /** Largest packet, in bytes (at most 65535). Default 244, a common BLE data-length-extension payload. */
  readonly mtu?: number;
}

const LENGTH_PREFIX_BYTES = 2;
const DEFAULT_TCP_MTU = 244;
const LOOPBACK = "127.0.0.1";

/**
 * A {@link ByteTransport} over a TCP socket. TCP is a byte stream, so each
 * packet travels behind a 2-byte big-endian length; a length of 0 or above
 * the MTU means the stream is desynchronised (there is no way to find the
 * next packet boundary), so the transport closes with `lastError` set.
 */
export class TcpTransport implements ByteTransport {
  private readonly listeners = new TransportListeners();
  private buffered: Uint8Array = new Uint8Array(0);
  private isClosed = false;
  /** Why the transport closed itself, if it did. */
  lastError: TransportError | undefined;

  constructor(
    private readonly socket: Socket,
    readonly mtu: number,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", () => {
      // The socket's error text can name addresses; keep only the kind.
      this.lastError ??= new TransportError("SOCKET_ERROR");
    });
    socket.on("close", () => this.shut());
  }

  get closed(): boolean {
    return this.isClosed;
  }

  send(packet: Uint8Array): Promise<void> {
    if (this.isClosed) return Promise.reject(new LinkClosedError());
    if (packet.length === 0) return Promise.reject(new TransportError("EMPTY_PACKET"));
    if (packet.length > this.mtu) return Promise.reject(new TransportError("PACKET_TOO_LARGE", `${packet.length} > ${this.mtu}`));
    const out = Buffer.allocUnsafe(LENGTH_PREFIX_BYTES + packet.length);
    out.writeUInt16BE(packet.length, 0);
    out.set(packet, LENGTH_PREFIX_BYTES);
    return new Promise((resolve, reject) => {
      this.socket.write(out, (err) => (err ? reject(this.isClosed ? new LinkClosedError() : new TransportError("SOCKET_ERROR")) : resolve()));
    });
  }

  onReceive(listener: (packet: Uint8Array) => void): () => void {
    return this.listeners.addReceive(listener);
  }

  onClose(listener: () => void): () => void {
    if (this.isClosed) {
      queueMicrotask(listener);
      return () => undefined;
    }
    return this.listeners.addClose(listener);
  }

  close(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.end();
      // end() waits for the peer; destroy soon after so close() cannot hang on a silent peer.
      setTimeout(() => this.socket.destroy(), 50).unref();
    });
  }

  private onData(chunk: Buffer): void {
    const joined = new Uint8Array(this.buffered.length + chunk.length);
    joined.set(this.buffered, 0);
    joined.set(chunk, this.buffered.length);
    let offset = 0;
    while (joined.length - offset >= LENGTH_PREFIX_BYTES) {
      const length = (joined[offset]! << 8) | joined[offset + 1]!;
      if (length === 0 || length > this.mtu) {
        this.lastError = new TransportError("BAD_PACKET_LENGTH", `${length} with mtu ${this.mtu}`);
        this.buffered = new Uint8Array(0);
        this.socket.destroy();
        return;
      }
      if (joined.length - offset - LENGTH_PREFIX_BYTES < length) break;
      const start = offset + LENGTH_PREFIX_BYTES;
      this.listeners.deliver(joined.slice(start, start + length));
      offset = start + length;
    }
    this.buffered = joined.slice(offset);
  }

  private shut(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.listeners.closed();
  }
}

function checkedMtu(options: TcpTransportOptions): number {
  const mtu = options.mtu ?? DEFAULT_TCP_MTU;
  if (!Number.isInteger(mtu) || mtu < 1 || mtu > 0xffff) throw new RangeError("mtu must be an integer in 1..65535");
  return mtu;
}

/** A TCP listener on 127.0.0.1 that hands out one {@link TcpTransport} per accepted connection. */
export interface TcpTransportListener {
  /** The port it listens on (chosen by the OS). */
  readonly port: number;
  /** The next accepted connection. */
  accept(): Promise<TcpTransport>;
  /** Stops listening; open transports stay open. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 on a free port. */
export async function listenTcpTransport(options: TcpTransportOptions = {}): Promise<TcpTransportListener> {
  const mtu = checkedMtu(options);
  const ready: TcpTransport[] = [];
  const waiting: ((t: TcpTransport) => void)[] = [];
  const server: Server = createServer((socket) => {
    const transport = new TcpTransport(socket, mtu);
    const next = waiting.shift();
    if (next) next(transport);
    else ready.push(transport);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        port,
        accept: () => {
          const t = ready.shift();
          return t ? Promise.resolve(t) : new Promise((r) => waiting.push(r));
        },
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

/** Connects to a {@link listenTcpTransport} listener on 127.0.0.1. */
export async function connectTcpTransport(port: number, options: TcpTransportOptions = {}): Promise<TcpTransport> {
  const mtu = checkedMtu(options);
  return new Promise((resolve, reject) => {
    const onError = () => reject(new TransportError("SOCKET_ERROR"));
    const socket = connect({ port, host: LOOPBACK }, () => {
      socket.off("error", onError);
      resolve(new TcpTransport(socket, mtu));
    });
    socket.once("error", onError);
  });
}
