/**
 * A packet-oriented byte pipe with a small MTU, the shape of a BLE GATT
 * characteristic: each `send` delivers one packet of at most `mtu` bytes to
 * the other end, whole or not at all. Packets may be lost or reordered by
 * some transports; the link above copes with both.
 */
export interface ByteTransport {
  /** Largest packet `send` accepts, in bytes. */
  readonly mtu: number;
  /** Whether `close` was called or the other end went away. */
  readonly closed: boolean;
  /** Sends one packet; rejects with TransportError if it exceeds the MTU, LinkClosedError if closed. */
  send(packet: Uint8Array): Promise<void>;
  /** Calls `listener` with every packet received; returns a function that unsubscribes. */
  onReceive(listener: (packet: Uint8Array) => void): () => void;
  /** Calls `listener` once when the transport closes; returns a function that unsubscribes. */
  onClose(listener: () => void): () => void;
  /** Closes both directions. Idempotent. */
  close(): Promise<void>;
}
