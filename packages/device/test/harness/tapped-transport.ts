// Wraps a transport so a test can see, hold, alter and inject the packets
// one end sends, the same way over the in-memory pair and over TCP.
import type { ByteTransport } from "../../src/index.js";

export class TappedTransport implements ByteTransport {
  /** Every packet the wrapped end sent, as sent (before any mutation). */
  readonly sent: Uint8Array[] = [];
  /** While true, outgoing packets are kept in `held` instead of sent. */
  hold = false;
  readonly held: Uint8Array[] = [];
  /** Changes (or drops, by returning undefined) each outgoing packet. */
  mutate: ((packet: Uint8Array, index: number) => Uint8Array | undefined) | undefined;

  constructor(readonly inner: ByteTransport) {}

  get mtu() {
    return this.inner.mtu;
  }

  get closed() {
    return this.inner.closed;
  }

  async send(packet: Uint8Array): Promise<void> {
    const index = this.sent.length;
    this.sent.push(packet.slice());
    if (this.hold) {
      this.held.push(packet.slice());
      return;
    }
    const out = this.mutate ? this.mutate(packet.slice(), index) : packet;
    if (out) await this.inner.send(out);
  }

  /** Sends raw bytes to the other end, bypassing the link. */
  inject(packet: Uint8Array): Promise<void> {
    return this.inner.send(packet);
  }

  /** Sends the held packets in the given order of indexes (default: as held) and forgets them. */
  async release(order?: number[]): Promise<void> {
    const packets = order ? order.map((i) => this.held[i]!) : [...this.held];
    this.held.length = 0;
    for (const p of packets) await this.inner.send(p);
  }

  onReceive(listener: (packet: Uint8Array) => void) {
    return this.inner.onReceive(listener);
  }

  onClose(listener: () => void) {
    return this.inner.onClose(listener);
  }

  close() {
    return this.inner.close();
  }
}
