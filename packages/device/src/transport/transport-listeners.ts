/**
 * The receive and close listener lists every transport keeps. A throwing
 * listener must not stop delivery to the others, nor kill the transport.
 */
export class TransportListeners {
  private readonly receive = new Set<(packet: Uint8Array) => void>();
  private readonly close = new Set<() => void>();

  addReceive(listener: (packet: Uint8Array) => void): () => void {
    this.receive.add(listener);
    return () => this.receive.delete(listener);
  }

  addClose(listener: () => void): () => void {
    this.close.add(listener);
    return () => this.close.delete(listener);
  }

  deliver(packet: Uint8Array): void {
    for (const l of [...this.receive]) {
      try {
        l(packet);
      } catch {
        // A listener's bug is its own; other listeners still get the packet.
      }
    }
  }

  closed(): void {
    const ls = [...this.close];
    this.close.clear();
    this.receive.clear();
    for (const l of ls) {
      try {
        l();
      } catch {
        // As above.
      }
    }
  }
}
