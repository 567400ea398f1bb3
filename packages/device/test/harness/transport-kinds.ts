import { connectTcpTransport, createMemoryTransportPair, listenTcpTransport, type ByteTransport } from "../../src/index.js";

export interface TransportPair {
  readonly app: ByteTransport;
  readonly device: ByteTransport;
  close(): Promise<void>;
}

/** The two transports every end-to-end test runs over, both at BLE's default MTU of 20 unless told otherwise. */
export const transportKinds: Record<"memory" | "tcp", (mtu?: number) => Promise<TransportPair>> = {
  async memory(mtu = 20) {
    const { a, b } = createMemoryTransportPair({ mtu });
    return { app: a, device: b, close: () => a.close() };
  },
  async tcp(mtu = 20) {
    const listener = await listenTcpTransport({ mtu });
    const [app, device] = await Promise.all([connectTcpTransport(listener.port, { mtu }), listener.accept()]);
    return {
      app,
      device,
      async close() {
        await Promise.all([app.close(), device.close()]);
        await listener.close();
      },
    };
  },
};
