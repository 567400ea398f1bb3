// The server's transport: HTTP/1.1 and cleartext HTTP/2 on one port, the
// Connect and gRPC protocols, typed errors for bodies that are garbage,
// truncated or too large, and a close() that never waits for clients.
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { replayable } from "@datapact/arbitrary";
import { cloud } from "@datapact/proto";
import fc from "fast-check";
import http2 from "node:http2";
import { describe, expect, it } from "vitest";
import { createCloudServer, MemoryLogger } from "../../src/index.js";
import { PROTOCOLS, useCloud } from "./cloud-fixture.js";

const INGEST = "/datapact.cloud.v1.SyncService/Ingest";

async function post(url: string, path: string, body: Uint8Array, headers: Record<string, string>): Promise<{ status: number; json: { code?: string; message?: string } | undefined }> {
  const res = await fetch(url + path, { method: "POST", body: Buffer.from(body), headers });
  const text = await res.text();
  let json: { code?: string } | undefined;
  try {
    json = JSON.parse(text) as { code?: string };
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

/** One raw gRPC call over h2c: the status the server answers with. */
function rawGrpc(url: string, path: string, frame: Uint8Array, headers: Record<string, string> = {}): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url);
    session.on("error", reject);
    const stream = session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers", ...headers });
    let status: string | undefined;
    stream.on("response", (h) => (status ??= h["grpc-status"] as string | undefined));
    stream.on("trailers", (t) => (status = (t["grpc-status"] as string | undefined) ?? status));
    stream.on("data", () => {});
    stream.on("close", () => {
      session.close();
      resolve(status);
    });
    stream.end(frame);
  });
}

function grpcFrame(message: Uint8Array, declaredLength = message.length): Uint8Array {
  const out = new Uint8Array(5 + message.length);
  new DataView(out.buffer).setUint32(1, declaredLength);
  out.set(message, 5);
  return out;
}

describe("transport", { timeout: 120_000 }, () => {
  const cloudOf = useCloud("pglite", "protocols");

  it.for([...PROTOCOLS, "connect-h2"] as const)("answers %s on the same port", async (protocol, ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const client =
      protocol === "connect-h2"
        ? createClient(cloud.AccountService, createConnectTransport({ baseUrl: f.server.url, httpVersion: "2" }))
        : f.client(cloud.AccountService, undefined, protocol);
    const { session } = await client.createAccount({ region: "sg" });
    expect(session?.accountId).toMatch(/^[0-9a-f-]{36}$/);
    expect(session?.accountId).not.toBe(account.accountId);
  });

  it("refuses garbage, truncated and mistyped bodies with typed Connect errors", async (ctx) => {
    const f = cloudOf(ctx);
    const { token } = await f.createAccount();
    const auth = { authorization: `Bearer ${token}` };
    const proto = { "content-type": "application/proto", ...auth };
    const garbage = await post(f.server.url, INGEST, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]), proto);
    expect([garbage.status, garbage.json?.code]).toEqual([400, "invalid_argument"]);

    const valid = toBinary(cloud.IngestRequestSchema, create(cloud.IngestRequestSchema, { records: [{ recordId: "r1", payload: new Uint8Array(64) }] }));
    const truncated = await post(f.server.url, INGEST, valid.subarray(0, valid.length - 10), proto);
    expect([truncated.status, truncated.json?.code]).toEqual([400, "invalid_argument"]);

    const badJson = await post(f.server.url, INGEST, new TextEncoder().encode("{not json"), { "content-type": "application/json", ...auth });
    expect(badJson.json?.code).toBe("invalid_argument");

    const unknown = await post(f.server.url, "/datapact.cloud.v1.SyncService/Nope", valid, proto);
    expect(unknown.status).toBe(404);

    expect(await rawGrpc(f.server.url, INGEST, grpcFrame(new Uint8Array([0xff, 0xff, 0xff]), 3), auth)).toBe(String(Code.InvalidArgument));
    // A frame that declares more bytes than it carries.
    expect(await rawGrpc(f.server.url, INGEST, grpcFrame(valid, valid.length + 100), auth)).toBe(String(Code.InvalidArgument));
    expect(await f.count("records")).toBe(0);
  });

  it("refuses a body over the read limit with RESOURCE_EXHAUSTED on both protocols", async (ctx) => {
    const f = cloudOf(ctx);
    const { token } = await f.createAccount();
    const big = create(cloud.IngestRequestSchema, { records: [{ recordId: "big", payload: new Uint8Array(5 * 1024 * 1024) }] });
    for (const protocol of PROTOCOLS) {
      const err = await f.client(cloud.SyncService, token, protocol).ingest(big).catch((e: unknown) => ConnectError.from(e));
      expect(err instanceof ConnectError ? Code[err.code] : "ok").toBe("ResourceExhausted");
    }
    // The HTTP/1.1 connection that carried the oversized body is not reused in a bad state.
    expect((await f.client(cloud.AccountService).createAccount({ region: "eu" })).session?.accountId).toBeTruthy();
  });

  it("property: any bytes as an Ingest body get a typed answer, never a server error, and store nothing", async (ctx) => {
    const f = cloudOf(ctx);
    const { token } = await f.createAccount();
    const before = await f.count("records");
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.constantFrom("application/proto", "application/json"), async (body, type) => {
        const r = await post(f.server.url, INGEST, body, { "content-type": type, authorization: `Bearer ${token}` });
        expect(r.status).toBeLessThan(500);
        if (r.status !== 200) {
          expect(r.json?.code).toMatch(/^[a-z_]+$/);
          codes.add(r.json!.code!);
        }
      }),
      replayable("garbage Ingest bodies", 150),
    );
    expect(codes.has("invalid_argument")).toBe(true);
    expect(await f.count("records")).toBe(before);
  });
});

describe("close()", { timeout: 60_000 }, () => {
  it("returns promptly with HTTP/2 sessions and kept-alive HTTP/1.1 connections open", async () => {
    const server = await createCloudServer({ logger: new MemoryLogger() });
    const h2 = createClient(cloud.AccountService, createConnectTransport({ baseUrl: server.url, httpVersion: "2" }));
    const h1 = createClient(cloud.AccountService, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" }));
    await h2.createAccount({ region: "eu" });
    await h1.createAccount({ region: "eu" });
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(3000);
    const after = await h1.createAccount({ region: "eu" }).catch((e: unknown) => ConnectError.from(e));
    expect(after).toBeInstanceOf(ConnectError);
    await server.close();
  });
});
