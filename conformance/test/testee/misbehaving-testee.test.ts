import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { connectTestee, serveHarness, spawnTestee, TesteeError, type Testee, type TesteeErrorCode } from "../../src/testee/index.js";
import { describeStep } from "../support/harness-requests.js";
import { nodeCommand } from "../support/paths.js";

const stepTimeoutMs = 1_500;
/** A hang must be reported within the step timeout plus the time to stop the process, never later. */
const reportedWithinMs = stepTimeoutMs + 3_000;

const open: Testee[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function failureOf(testee: Testee): Promise<{ error: TesteeError; ms: number }> {
  open.push(testee);
  const started = Date.now();
  const error = await testee.send(describeStep(1)).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(TesteeError);
  return { error: error as TesteeError, ms: Date.now() - started };
}

describe("a subprocess testee that breaks the harness", () => {
  it.each<[string, TesteeErrorCode]>([
    ["crash", "crashed"],
    ["hang", "timeout"],
    ["deaf", "timeout"],
    ["garbage", "garbage"],
    ["text", "oversized"],
    ["oversized", "oversized"],
    ["truncated", "truncated"],
    ["wrong-step", "protocol_violation"],
    ["no-result", "protocol_violation"],
  ])("%s: a typed TesteeError (%s) within the timeout, naming the step", async (mode, code) => {
    const { error, ms } = await failureOf(spawnTestee(nodeCommand("test/fixtures/testees/misbehaving-testee.mjs", mode), { stepTimeoutMs }));
    expect(error.name).toBe("TesteeError");
    expect(error.code).toBe(code);
    expect(error.step).toBe("#1 describe");
    expect(ms).toBeLessThan(reportedWithinMs);
  });

  it("keeps the log, and does not repeat what the testee wrote in the error", async () => {
    const testee = spawnTestee(nodeCommand("test/fixtures/testees/misbehaving-testee.mjs", "text"), { stepTimeoutMs });
    const { error } = await failureOf(testee);
    expect(error.message).not.toContain("hello from the testee");
    await testee.close();
    expect(testee.takeLog()).toEqual(["misbehaving-testee: mode text"]);
  });

  it("refuses every later step with the same error once the testee has failed", async () => {
    const testee = spawnTestee(nodeCommand("test/fixtures/testees/misbehaving-testee.mjs", "crash"), { stepTimeoutMs });
    const { error } = await failureOf(testee);
    await expect(testee.send(describeStep(2))).rejects.toBe(error);
  });

  it("a command the shell cannot find is spawn_failed", async () => {
    const { error } = await failureOf(spawnTestee("/nonexistent/datapact-testee-binary", { stepTimeoutMs }));
    expect(error.code).toBe("spawn_failed");
  });

  it("close stops a testee that ignores the end of its input", async () => {
    const testee = spawnTestee(nodeCommand("test/fixtures/testees/misbehaving-testee.mjs", "deaf"), { stepTimeoutMs, closeGraceMs: 200 });
    const started = Date.now();
    await testee.close();
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe("a Connect testee that breaks the harness", () => {
  it("hangs: timeout within the step timeout", async () => {
    const server = await serveHarness(() => new Promise(() => {}));
    try {
      const { error, ms } = await failureOf(connectTestee(server.url, { stepTimeoutMs }));
      expect(error.code).toBe("timeout");
      expect(ms).toBeLessThan(reportedWithinMs);
    } finally {
      await server.close();
    }
  });

  it("is not listening: unreachable", async () => {
    const server = await serveHarness(() => new Promise(() => {}));
    const url = server.url;
    await server.close();
    const { error } = await failureOf(connectTestee(url, { stepTimeoutMs }));
    expect(error.code).toBe("unreachable");
  });

  it("answers with garbage: garbage", async () => {
    const garbage = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/proto" });
        res.end(Buffer.from([0x0f, 0xff, 0xff]));
      });
    });
    await new Promise<void>((resolve) => garbage.listen(0, "127.0.0.1", () => resolve()));
    try {
      const { port } = garbage.address() as { port: number };
      const { error } = await failureOf(connectTestee(`http://127.0.0.1:${port}`, { stepTimeoutMs }));
      expect(["garbage", "unreachable"]).toContain(error.code);
      expect(error.name).toBe("TesteeError");
    } finally {
      garbage.closeAllConnections();
      await new Promise((resolve) => garbage.close(resolve));
    }
  });

  it("answers another step number: protocol_violation", async () => {
    const server = await serveHarness((req) => ({ ...req, stepNumber: req.stepNumber + 1n, result: { case: "skipped", value: { reason: "" } } }) as never);
    try {
      const { error } = await failureOf(connectTestee(server.url, { stepTimeoutMs }));
      expect(error.code).toBe("protocol_violation");
    } finally {
      await server.close();
    }
  });
});
