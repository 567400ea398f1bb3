import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { connectTcpTransport, createMemoryTransportPair, LinkClosedError, listenTcpTransport, TransportError } from "../src/index.js";
import { settle, waitFor } from "./harness/wait-for.js";

describe("in-memory transport pair", () => {
  it("delivers packets whole, in order, as copies, and enforces the MTU", async () => {
    const { a, b } = createMemoryTransportPair({ mtu: 20 });
    const got: Uint8Array[] = [];
    b.onReceive((p) => got.push(p));
    const packet = new Uint8Array(20).fill(7);
    await a.send(packet);
    packet.fill(0); // the sender reusing its buffer must not change what was sent
    await a.send(new Uint8Array([1]));
    await settle();
    expect(got).toEqual([new Uint8Array(20).fill(7), new Uint8Array([1])]);
    await expect(a.send(new Uint8Array(21))).rejects.toMatchObject({ failure: "PACKET_TOO_LARGE" });
    await expect(a.send(new Uint8Array(0))).rejects.toMatchObject({ failure: "EMPTY_PACKET" });
  });

  it("lets an interceptor drop, duplicate and reorder", async () => {
    const held: (() => void)[] = [];
    const { a, b } = createMemoryTransportPair({
      intercept: (p, dir, deliver) => {
        if (dir !== "a->b") return deliver(p);
        if (p[0] === 1) return; // dropped
        if (p[0] === 2) return held.push(() => deliver(p)); // delayed
        deliver(p);
        deliver(p);
      },
    });
    const got: number[] = [];
    b.onReceive((p) => got.push(p[0]!));
    for (const n of [1, 2, 3]) await a.send(new Uint8Array([n]));
    held.forEach((d) => d());
    await settle();
    expect(got).toEqual([3, 3, 2]);
  });

  it("closes both ends", async () => {
    const { a, b } = createMemoryTransportPair();
    let closed = 0;
    b.onClose(() => closed++);
    await a.close();
    expect(a.closed && b.closed).toBe(true);
    expect(closed).toBe(1);
    await expect(b.send(new Uint8Array([1]))).rejects.toBeInstanceOf(LinkClosedError);
  });
});

describe("TCP loopback transport", () => {
  it("keeps packet boundaries through TCP's byte stream", async () => {
    const listener = await listenTcpTransport({ mtu: 512 });
    const [client, server] = await Promise.all([connectTcpTransport(listener.port, { mtu: 512 }), listener.accept()]);
    const got: Uint8Array[] = [];
    server.onReceive((p) => got.push(p));
    const sent = Array.from({ length: 300 }, (_, i) => new Uint8Array((i % 512) + 1).fill(i & 0xff));
    await Promise.all(sent.map((p) => client.send(p)));
    await waitFor(() => got.length === sent.length);
    expect(got).toEqual(sent);
    await expect(client.send(new Uint8Array(513))).rejects.toBeInstanceOf(TransportError);
    await client.close();
    await waitFor(() => server.closed);
    await listener.close();
  });

  it("closes a stream whose length prefix it cannot honour", async () => {
    const listener = await listenTcpTransport({ mtu: 20 });
    const raw = connect({ port: listener.port, host: "127.0.0.1" });
    const server = await listener.accept();
    const got: Uint8Array[] = [];
    server.onReceive((p) => got.push(p));
    raw.write(Buffer.from([0x00, 0x02, 0xd1, 0x00, 0xff, 0xff, 0x00]));
    await waitFor(() => server.closed);
    expect(got).toEqual([new Uint8Array([0xd1, 0x00])]);
    expect(server.lastError).toMatchObject({ failure: "BAD_PACKET_LENGTH" });
    raw.destroy();
    await listener.close();
  });

  it("refuses an MTU a 16-bit length cannot carry", async () => {
    await expect(listenTcpTransport({ mtu: 70_000 })).rejects.toBeInstanceOf(RangeError);
  });
});
