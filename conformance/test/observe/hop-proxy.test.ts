import { gzipSync } from "node:zlib";
import { create, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { compressionGzip, createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { conformance } from "@datapact/proto";
import { afterEach, describe, expect, it } from "vitest";
import { Canary } from "../../src/canary/canary.js";
import { findCanaries } from "../../src/canary/find-canaries.js";
import { bodyMessages, hopObservations, startHopProxy, type HopProxy } from "../../src/observe/hop/index.js";
import type { ListeningServer } from "../../src/http/index.js";
import { serveHarness } from "../../src/testee/index.js";
import { request } from "../support/harness-requests.js";

const step = { number: 7, name: "sync", summary: "sync a1" };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A Connect upstream (the harness service stands in for a cloud) that answers with `responseCanary` in its body. */
async function upstreamAnswering(responseCanary: Canary): Promise<ListeningServer> {
  const server = await serveHarness((req) =>
    create(conformance.HarnessResponseSchema, {
      stepNumber: req.stepNumber,
      result: { case: "ok", value: { detail: { case: "describe", value: { name: responseCanary.value as string } } } },
    }),
  );
  closers.push(() => server.close());
  return server;
}

async function proxyTo(upstream: string): Promise<HopProxy> {
  const proxy = await startHopProxy(upstream);
  closers.push(() => proxy.close());
  return proxy;
}

function appRecordWith(canary: Canary) {
  return create(conformance.StepRequestSchema, {
    request: request(1, { case: "appRecord", value: create(conformance.AppRecordStepSchema, { account: "a1", payload: new TextEncoder().encode(`x${canary.value as string}`) }) }),
  });
}

describe("hop proxy", () => {
  it.each([
    ["1.1", "connect"],
    ["2", "connect"],
    ["2", "grpc"],
  ] as const)("relays HTTP/%s %s traffic unchanged and records both bodies with the step in progress", async (httpVersion, protocol) => {
    const sent = Canary.mint("payload");
    const answered = Canary.mint("name");
    const proxy = await proxyTo((await upstreamAnswering(answered)).url);
    proxy.setStep(step);
    const transport = protocol === "grpc" ? createGrpcTransport({ baseUrl: proxy.url }) : createConnectTransport({ baseUrl: proxy.url, httpVersion });
    const client = createClient(conformance.HarnessService, transport);
    const answer = await client.step(appRecordWith(sent));
    expect(answer.response?.result.case === "ok" && answer.response.result.value.detail.case === "describe" ? answer.response.result.value.detail.value.name : "").toBe(answered.value);

    const exchanges = proxy.take();
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ hop: "app->cloud", httpVersion, method: "POST", path: "/datapact.conformance.v1.HarnessService/Step", status: 200, step });
    const hits = findCanaries(hopObservations(exchanges), [sent, answered]);
    expect(hits.find((h) => h.canary === sent)).toMatchObject({ sink: "hop:app->cloud", observedAt: step });
    expect(hits.find((h) => h.canary === sent)?.detail).toMatch(/request/);
    expect(hits.find((h) => h.canary === answered)?.detail).toMatch(/response/);
    expect(proxy.take()).toEqual([]);
  });

  it("decompresses gzip-compressed Connect bodies before searching them", async () => {
    const sent = Canary.mint("payload");
    const proxy = await proxyTo((await upstreamAnswering(Canary.mint("name"))).url);
    const client = createClient(conformance.HarnessService, createConnectTransport({ baseUrl: proxy.url, httpVersion: "1.1", sendCompression: compressionGzip, compressMinBytes: 1 }));
    await client.step(appRecordWith(sent));
    const [exchange] = proxy.take();
    expect(exchange!.requestHeaders["content-encoding"]).toBe("gzip");
    expect(Buffer.from(exchange!.requestBody).includes(Buffer.from(sent.value as string))).toBe(false);
    expect(findCanaries(hopObservations([exchange!]), [sent]).map((h) => h.sink)).toEqual(["hop:app->cloud"]);
  });

  it("answers 502 and records the exchange when the cloud is down", async () => {
    const upstream = await upstreamAnswering(Canary.mint("name"));
    const proxy = await proxyTo(upstream.url);
    await upstream.close();
    const res = await fetch(`${proxy.url}/datapact.conformance.v1.HarnessService/Step`, { method: "POST", headers: { "content-type": "application/proto" }, body: new Uint8Array([1, 2]) });
    expect(res.status).toBe(502);
    await res.arrayBuffer();
    expect(proxy.take().map((x) => x.status)).toEqual([502]);
  });

  it("splits enveloped stream bodies into their messages, decompressing flagged ones", () => {
    const one = toBinary(conformance.StepRequestSchema, appRecordWith(Canary.mint("a")));
    const two = gzipSync(Buffer.from("second message"));
    const envelope = (flags: number, data: Uint8Array) => Buffer.concat([Buffer.from([flags]), lengthBE(data.length), Buffer.from(data)]);
    const body = Buffer.concat([envelope(0, one), envelope(1, two), envelope(2, Buffer.from("{}"))]);
    const messages = bodyMessages(body, { "content-type": "application/connect+proto", "connect-content-encoding": "gzip" });
    expect(messages.map((m) => m.label)).toEqual(["message 1", "message 2", "end-stream"]);
    expect(Buffer.from(messages[1]!.bytes).toString()).toBe("second message");
  });
});

function lengthBE(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}
