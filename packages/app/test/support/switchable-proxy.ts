// A TCP proxy on 127.0.0.1 between the SDK and the test cloud: switched
// offline it refuses and cuts connections (a real unreachable network from
// the SDK's point of view), and it keeps every byte the SDK sent, so tests
// can search the wire for canaries.
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface SwitchableProxy {
  readonly port: number;
  /** Base URL through the proxy for a path on the target ("" or "/uxip"). */
  url(path?: string): string;
  online: boolean;
  /** Every byte clients sent through the proxy so far. */
  sent(): Buffer;
  close(): Promise<void>;
}

export async function startSwitchableProxy(targetPort: number): Promise<SwitchableProxy> {
  const chunks: Buffer[] = [];
  const open = new Set<Socket>();
  let online = true;
  const server: Server = createServer((client) => {
    if (!online) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, "127.0.0.1");
    open.add(client);
    open.add(upstream);
    client.on("data", (d: Buffer) => chunks.push(Buffer.from(d)));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", end);
    upstream.on("error", end);
    client.on("close", end);
    upstream.on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = "") => `http://127.0.0.1:${port}${path}`,
    get online() {
      return online;
    },
    set online(value: boolean) {
      online = value;
      if (!value) for (const s of open) s.destroy();
    },
    sent: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
