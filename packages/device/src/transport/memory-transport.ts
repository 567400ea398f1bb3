import { LinkClosedError } from "../errors/link-closed-error.js";
import { TransportError } from "../errors/transport-error.js";
import type { ByteTransport } from "./byte-transport.js";
import { TransportListeners } from "./transport-listeners.js";

/** Which way a packet travels in a {@link createMemoryTransportPair}. */
export type MemoryDirection = "a->b" | "b->a";

/**
 * Sees every packet before delivery and decides its fate: call `deliver`
 * zero times (loss), once, twice (duplication), later (reordering), or with
 * other bytes (tampering). Without an interceptor every packet is delivered
 * once, in order.
 */
export type PacketInterceptor = (packet: Uint8Array, direction: MemoryDirection, deliver: (packet: Uint8Array) => void) => void;

/** Options of {@link createMemoryTransportPair}. */
export interface MemoryTransportOptions {
  /** Largest packet, in bytes. Default 20 (BLE's default ATT MTU of 23 less the 3-byte ATT header). */
  readonly mtu?: number;
  readonly intercept?: PacketInterceptor;
}

class MemoryTransport implements ByteTransport {
  readonly listeners = new TransportListeners();
  peer!: MemoryTransport;
  private isClosed = false;

  constructor(
    readonly mtu: number,
    private readonly direction: MemoryDirection,
    private readonly intercept: PacketInterceptor | undefined,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  async send(packet: Uint8Array): Promise<void> {
    if (this.isClosed) throw new LinkClosedError();
    if (packet.length === 0) throw new TransportError("EMPTY_PACKET");
    if (packet.length > this.mtu) throw new TransportError("PACKET_TOO_LARGE", `${packet.length} > ${this.mtu}`);
    // The sender may reuse its buffer once send resolves, as with a real radio.
    const copy = packet.slice();
    const deliver = (p: Uint8Array) => {
      const delivered = p.slice();
      // Asynchronous, like a radio: the receiver never runs inside the sender's call.
      queueMicrotask(() => {
        if (!this.peer.isClosed) this.peer.listeners.deliver(delivered);
      });
    };
    if (this.intercept) this.intercept(copy, this.direction, deliver);
    else deliver(copy);
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

  async close(): Promise<void> {
    this.shut();
    this.peer.shut();
  }

  private shut(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.listeners.closed();
  }
}

/**
 * Two connected in-memory transports, `a` and `b`: what one sends the other
 * receives. For tests and simulations; the interceptor models loss,
 * reordering, duplication and tampering.
 */
export function createMemoryTransportPair(options: MemoryTransportOptions = {}): { readonly a: ByteTransport; readonly b: ByteTransport } {
  const mtu = options.mtu ?? 20;
  if (!Number.isInteger(mtu) || mtu < 1) throw new RangeError("mtu must be a positive integer");
  const a = new MemoryTransport(mtu, "a->b", options.intercept);
  const b = new MemoryTransport(mtu, "b->a", options.intercept);
  a.peer = b;
  b.peer = a;
  return { a, b };
}
