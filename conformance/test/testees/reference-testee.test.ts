// The reference testee as the kit drives it: a subprocess speaking the
// harness protocol (and the same over Connect with --listen), backed by the
// real cloud, app and device SDKs. These tests pin what the invariants rely
// on: it describes itself, maps steps to SDK calls, keeps values out of
// answers and logs, refuses what it must with typed errors, and dumps
// every tier.
import { execFile, spawn } from "node:child_process";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { band, cloud, conformance, Purpose, Tier } from "@datapact/proto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Canary } from "../../src/canary/canary.js";
import { findCanaries } from "../../src/canary/find-canaries.js";
import { CanaryRegistry } from "../../src/canary/canary-registry.js";
import { guardedFields } from "../../src/canary/guarded-fields.js";
import { messageWithCanaries } from "../../src/invariants/support/canary-messages.js";
import { responseObservations } from "../../src/observe/response-observations.js";
import { requiredSteps, protoStepName } from "../../src/protocol/step-names.js";
import { connectTestee } from "../../src/testee/connect-testee.js";
import { encodeFrame } from "../../src/testee/length-prefixed-frames.js";
import { spawnTestee } from "../../src/testee/subprocess-testee.js";
import type { Testee } from "../../src/testee/testee.js";
import { scratchRoot } from "../../testees/reference/src/scratch/scratch-root.js";
import { useBuiltReferenceTestee } from "./support/built-testee.js";

const run = promisify(execFile);
const built = useBuiltReferenceTestee();

/** Sends steps to a testee with increasing step numbers. */
function driver(testee: Testee) {
  let n = 0;
  return async (step: conformance.HarnessRequest["step"]): Promise<conformance.HarnessResponse> =>
    testee.send(create(conformance.HarnessRequestSchema, { protocolVersion: conformance.ProtocolVersion.PROTOCOL_VERSION_1, stepNumber: BigInt(n++), step }));
}

function detail<C extends NonNullable<conformance.StepOk["detail"]["case"]>>(r: conformance.HarnessResponse, c: C): Extract<conformance.StepOk["detail"], { case: C }>["value"] {
  expect(r.result.case, `answer to a step expecting ${c}`).toBe("ok");
  const d = (r.result.value as conformance.StepOk).detail;
  expect(d.case).toBe(c);
  return d.value as never;
}

describe("the reference testee over stdio", () => {
  let testee: Testee;
  let step: ReturnType<typeof driver>;
  beforeAll(() => {
    testee = spawnTestee(built().command(), { env: built().env, stepTimeoutMs: 90_000 });
    step = driver(testee);
  });
  afterAll(async () => {
    await testee?.close();
  });

  it("describes itself: every product of the pact, the required steps, its cloud and its database", async () => {
    const d = detail(await step({ case: "describe", value: create(conformance.DescribeStepSchema) }), "describe");
    expect(d.name).toBe("datapact-reference");
    expect(d.protocolVersion).toBe(conformance.ProtocolVersion.PROTOCOL_VERSION_1);
    expect(d.productIds).toEqual(["band", "camera", "home", "router", "scale", "scooter", "vacuum", "wear"]);
    for (const s of requiredSteps) expect(d.supportedSteps).toContain(protoStepName(s));
    expect(d.cloudUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(d.databaseUrl).toMatch(built().engine === "postgres" ? /^postgres(ql)?:\/\/.*datapact_ref_/ : /datapact-reference-db-/);
  }, 90_000);

  it("binds a device with its proof, sends a reading over the encrypted link to the cloud, and keeps values out of frames, answers and logs", async () => {
    expect((await step({ case: "reset", value: create(conformance.ResetStepSchema) })).result.case).toBe("ok");
    const a1 = detail(await step({ case: "createAccount", value: create(conformance.CreateAccountStepSchema, { account: "a1", region: "eu" }) }), "createAccount");
    expect(a1.accountId.length).toBeGreaterThanOrEqual(16);
    const d1 = detail(await step({ case: "bindDevice", value: create(conformance.BindDeviceStepSchema, { account: "a1", device: "d1", productId: "band" }) }), "bindDevice");
    expect(d1.deviceId).not.toBe("");
    const receipt = detail(
      await step({
        case: "giveConsent",
        value: create(conformance.GiveConsentStepSchema, { account: "a1", productId: "band", policyKind: cloud.PolicyKind.PRODUCT, policyVersion: "1.0", purposes: [Purpose.FUNCTIONALITY] }),
      }),
      "giveConsent",
    );
    expect(receipt.receiptId).not.toBe("");

    const canaries = new CanaryRegistry();
    const reading = messageWithCanaries(band.DailyActivitySummarySchema, canaries, guardedFields.annotated, 7) as band.DailyActivitySummary;
    const planted = canaries.plantedIn(band.DailyActivitySummarySchema, reading);
    expect(planted.length).toBeGreaterThan(2);
    const emitted = await step({
      case: "emitDeviceFrame",
      value: create(conformance.EmitDeviceFrameStepSchema, { device: "d1", messageType: band.DailyActivitySummarySchema.typeName, payload: toBinary(band.DailyActivitySummarySchema, reading) }),
    });
    const frames = detail(emitted, "emitDeviceFrame").linkFrames;
    expect(frames.length).toBeGreaterThan(0);
    // The link is encrypted: no value is readable on it.
    expect(findCanaries(responseObservations(emitted), planted)).toEqual([]);
    expect(detail(await step({ case: "sync", value: create(conformance.SyncStepSchema, { account: "a1" }) }), "sync").recordsHeld).toBe(0n);

    const dump = detail(await step({ case: "dump", value: create(conformance.DumpStepSchema) }), "dump");
    const tiers = new Set(dump.tables.filter((t) => t.rows.length > 0).map((t) => t.tier));
    expect(tiers).toEqual(new Set([Tier.DEVICE, Tier.APP, Tier.CLOUD]));
    const records = dump.tables.find((t) => t.tier === Tier.CLOUD && t.name === "records");
    expect(records?.rows.length).toBeGreaterThan(0);
    // Stored: some of the reading reached the cloud (in its tables); none of it in the log.
    const stored = responseObservations(create(conformance.HarnessResponseSchema, { result: { case: "ok", value: { detail: { case: "dump", value: { ...dump, logLines: [] } } } } }));
    expect(findCanaries(stored, planted).length).toBeGreaterThan(0);
    expect(dump.logLines.length).toBeGreaterThan(0);
    const logs = [...dump.logLines, ...testee.takeLog()].map((line) => ({ sink: "log" as const, bytes: new TextEncoder().encode(line) }));
    expect(findCanaries(logs, planted)).toEqual([]);
    for (const line of dump.logLines) expect(() => JSON.parse(line)).not.toThrow();
  }, 90_000);

  it("refuses a third-party-direct value, an undecodable frame and an unknown type with typed errors that quote nothing", async () => {
    const cvc = Canary.mint("cvc2");
    const card = create(band.BankCardVerificationSchema, { cvc2: cvc.value as string });
    const refused = [
      await step({ case: "appRecord", value: create(conformance.AppRecordStepSchema, { account: "a1", messageType: band.BankCardVerificationSchema.typeName, payload: toBinary(band.BankCardVerificationSchema, card) }) }),
      await step({ case: "emitDeviceFrame", value: create(conformance.EmitDeviceFrameStepSchema, { device: "d1", messageType: band.HeartRateSampleSchema.typeName, payload: new Uint8Array(16).fill(0xff) }) }),
      await step({ case: "emitDeviceFrame", value: create(conformance.EmitDeviceFrameStepSchema, { device: "d1", messageType: "datapact.unknown.v1.Nothing", payload: new Uint8Array([8, 1]) }) }),
      await step({ case: "appRecord", value: create(conformance.AppRecordStepSchema, { account: "a1", messageType: "datapact.unknown.v1.Nothing", payload: new Uint8Array([8, 1]) }) }),
    ];
    expect(refused.map((r) => (r.result.case === "error" ? r.result.value.code : r.result.case))).toEqual(["invalid_argument", "invalid_argument", "invalid_argument", "invalid_argument"]);
    expect(refused[0]!.result.value).toMatchObject({ message: expect.stringMatching(/ThirdPartyDirectValueError.*cvc2/) });
    expect(findCanaries(refused.flatMap((r) => responseObservations(r)), [cvc])).toEqual([]);
  }, 90_000);

  it("answers a step on a handle it never saw with a typed error, and keeps going", async () => {
    const r = await step({ case: "sync", value: create(conformance.SyncStepSchema, { account: "a9" }) });
    expect(r.result).toMatchObject({ case: "error", value: { code: "not_found" } });
    expect((await step({ case: "reset", value: create(conformance.ResetStepSchema) })).result.case).toBe("ok");
  }, 90_000);
});

describe("the reference testee over Connect (--listen)", () => {
  it("prints its URL and answers describe and reset through HarnessService", async () => {
    const child = spawn(built().command("--listen"), { shell: true, env: built().env, stdio: ["ignore", "pipe", "ignore"], detached: true });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString("utf8");
          const line = out.split("\n")[0];
          if (out.includes("\n") && line) resolve(line.trim());
        });
        child.on("exit", (code) => reject(new Error(`the testee exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const step = driver(connectTestee(url, { stepTimeoutMs: 90_000 }));
      expect(detail(await step({ case: "describe", value: create(conformance.DescribeStepSchema) }), "describe").productIds).toContain("band");
      expect((await step({ case: "reset", value: create(conformance.ResetStepSchema) })).result.case).toBe("ok");
      const created = detail(await step({ case: "createAccount", value: create(conformance.CreateAccountStepSchema, { account: "a1", region: "eu" }) }), "createAccount");
      // A Connect testee has no stderr the kit reads: its log comes in the dump.
      const dump = detail(await step({ case: "dump", value: create(conformance.DumpStepSchema) }), "dump");
      expect(dump.logLines.some((l) => l.includes(created.accountId))).toBe(true);
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    }
  }, 120_000);
});

describe("the testee's command line", () => {
  it("refuses an unknown option and an unknown fault with exit status 2 and says what it knows", async () => {
    const cases = [built().command("--bogus"), built().command("--fault", "DP-NOT-A-RULE")];
    for (const command of cases) {
      const err = (await run("sh", ["-c", command], { env: built().env }).catch((e: unknown) => e)) as { code?: number; stderr?: string };
      expect(err.code).toBe(2);
      expect(err.stderr).toMatch(/unknown (option|fault)/);
    }
  }, 60_000);
});

describe("the testee's scratch files", () => {
  const ofProcess = async (pid: number) => (await readdir(scratchRoot())).filter((n) => n.startsWith("datapact-reference-") && n.includes(`-p${pid}-`));

  it("are removed when it is stopped by a signal, and a later testee sweeps what a killed one left, never a live one's", async () => {
    // A process that has exited: its pid names the directories a killed testee would have left.
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.on("exit", resolve));
    const abandoned = join(scratchRoot(), `datapact-reference-db-p${gone.pid}-Abc123`);
    const live = join(scratchRoot(), `datapact-reference-db-p${process.pid}-Abc123`);
    await mkdir(abandoned, { recursive: true });
    await mkdir(live, { recursive: true });
    try {
      // Driven by hand, not through spawnTestee: the test stops it with a signal instead of closing its stdin.
      const child = spawn(built().command(), { shell: true, env: built().env, stdio: ["pipe", "pipe", "ignore"], detached: true });
      const frames: Buffer[] = [];
      child.stdout.on("data", (c: Buffer) => frames.push(c));
      const request = create(conformance.HarnessRequestSchema, {
        protocolVersion: conformance.ProtocolVersion.PROTOCOL_VERSION_1,
        step: { case: "createAccount", value: create(conformance.CreateAccountStepSchema, { account: "a1", region: "eu" }) },
      });
      child.stdin.write(encodeFrame(toBinary(conformance.HarnessRequestSchema, request)));
      // The answer arrives once the account (and its app's scratch directory) exists.
      for (let waited = 0; frames.length === 0 && waited < 90_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(frames.length).toBeGreaterThan(0);
      const testeePid = (await readdir(scratchRoot())).map((n) => /-p(\d+)-/.exec(n)?.[1]).filter((p) => p && Number(p) !== process.pid && Number(p) !== gone.pid)[0];
      expect(testeePid, "the testee's scratch directories are named after it").toBeDefined();
      expect(await ofProcess(Number(testeePid))).not.toEqual([]);
      expect((await readdir(scratchRoot())).includes(abandoned.split("/").pop()!), "the abandoned directory is swept at start").toBe(false);
      expect((await readdir(scratchRoot())).includes(live.split("/").pop()!), "a live process's directory is left alone").toBe(true);
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      process.kill(Number(testeePid), "SIGTERM");
      expect(await exited).not.toBeNull();
      expect(await ofProcess(Number(testeePid))).toEqual([]);
    } finally {
      await rm(abandoned, { recursive: true, force: true });
      await rm(live, { recursive: true, force: true });
    }
  }, 120_000);
});
