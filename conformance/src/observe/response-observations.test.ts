import { create } from "@bufbuild/protobuf";
import { conformance, Tier } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { Canary } from "../canary/canary.js";
import { findCanaries } from "../canary/find-canaries.js";
import { LogCollector } from "./log-collector.js";
import { responseObservations } from "./response-observations.js";

const utf8 = new TextEncoder();
const step = { number: 9, name: "dump", summary: "dump" };

function ok(detail: conformance.StepOk["detail"]): conformance.HarnessResponse {
  return create(conformance.HarnessResponseSchema, { stepNumber: 9n, result: { case: "ok", value: create(conformance.StepOkSchema, { detail }) } });
}

describe("observations from the testee's answers", () => {
  it("a dump's tables become the store of their tier, its log lines the log, each cell named by owner, table, column and row", () => {
    const onDevice = Canary.mint("text");
    const inQueue = Canary.mint("text");
    const logged = Canary.mint("text");
    const dump = create(conformance.DumpResultSchema, {
      tables: [
        { tier: Tier.DEVICE, owner: "d1", name: "flash", columns: ["k", "v"], rows: [{ cells: [utf8.encode("a"), utf8.encode(onDevice.value as string)] }] },
        { tier: Tier.APP, owner: "a1", name: "offline_queue", columns: ["body"], rows: [{ cells: [] }, { cells: [utf8.encode(inQueue.value as string)] }] },
      ],
      logLines: [`debug: shown ${logged.value as string}`],
    });
    const hits = findCanaries(responseObservations(ok({ case: "dump", value: dump }), step), [onDevice, inQueue, logged]);
    expect(hits.map((h) => [h.canary, h.sink, h.detail])).toEqual([
      [onDevice, "device-store", "d1/flash.v row 1"],
      [inQueue, "app-store", "a1/offline_queue.body row 2"],
      [logged, "log", "dump log line"],
    ]);
    expect(hits.every((h) => h.observedAt === step)).toBe(true);
  });

  it("exports, reads by others and link frames are sinks of their own; error messages are searched as log lines; skips observe nothing", () => {
    const exported = Canary.mint("x");
    const read = Canary.mint("x");
    const linked = Canary.mint("x");
    const observations = [
      ...responseObservations(ok({ case: "export", value: create(conformance.ExportResultSchema, { export: utf8.encode(exported.value as string), mediaType: "application/json" }) })),
      ...responseObservations(ok({ case: "readAs", value: create(conformance.ReadAsResultSchema, { records: [{ messageType: "t.M", payload: utf8.encode(read.value as string) }] }) })),
      ...responseObservations(ok({ case: "emitDeviceFrame", value: create(conformance.EmitDeviceFrameResultSchema, { linkFrames: [utf8.encode(linked.value as string)] }) })),
      ...responseObservations(create(conformance.HarnessResponseSchema, { result: { case: "skipped", value: { reason: "x" } } })),
    ];
    const told = Canary.mint("x");
    const refused = responseObservations(create(conformance.HarnessResponseSchema, { result: { case: "error", value: { code: "invalid_argument", message: `bad ${told.value as string}` } } }));
    expect(findCanaries(refused, [told]).map((h) => [h.sink, h.detail])).toEqual([["log", "error message"]]);
    const sinks = new Map(findCanaries(observations, [exported, read, linked]).map((h) => [h.canary, h.sink]));
    expect(sinks).toEqual(new Map<Canary, string>([[exported, "export"], [read, "read-as"], [linked, "hop:device->app"]]));
  });

  it("the log collector stamps stderr lines with the step they followed and hands each out once", () => {
    const logs = new LogCollector();
    logs.add(["one", "two"], "stderr", step);
    const taken = logs.take();
    expect(taken.map((o) => [o.sink, o.detail, o.step])).toEqual([
      ["log", "stderr line", step],
      ["log", "stderr line", step],
    ]);
    expect(logs.take()).toEqual([]);
  });
});
