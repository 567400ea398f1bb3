import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../main.js";
import type { CommandIO } from "../../command.js";
import { ExitCode } from "../../exit-codes.js";
import { parseCertifyArguments } from "./certify-arguments.js";
import { createCertifyCommand } from "./certify-command.js";
import type { ConformanceKit } from "./conformance-kit.js";
// The kit from its source, and the kit's own test product, toy testee and
// test invariant (not part of the published package).
import * as kit from "../../../../../conformance/src/index.js";
import { gadgetRegistry } from "../../../../../conformance/test/support/gadget-schema.js";
import { displayOnlyNotLogged } from "../../../../../conformance/test/support/test-invariants.js";
import { toyTestee } from "../../../../../conformance/test/support/toy-testee.js";
import { nodeCommand } from "../../../../../conformance/test/support/paths.js";

function io() {
  const out = { stdout: "", stderr: "" };
  const value: CommandIO = { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) }, cwd: process.cwd(), interactive: false };
  return { io: value, out };
}

const reportDir = `${process.env.TMPDIR ?? "/tmp"}/datapact-cli-certify-${process.pid}`;
afterAll(() => rmSync(reportDir, { recursive: true, force: true }));

/** The real kit, told about the test product and a test invariant. */
const testKit: ConformanceKit = {
  runCertification: (request) => kit.runCertification({ ...request, invariants: [displayOnlyNotLogged], files: [...gadgetRegistry.files], reportDir }),
};

describe("datapact certify arguments", () => {
  it("reads every flag, in both --flag value and --flag=value forms", () => {
    expect(parseCertifyArguments(["--testee", "node t.mjs", "--database-url=postgres://x/y", "--seed", "-12", "--runs=5", "--only", "A", "B", "--only=C,D", "--report-dir", "out", "--json"])).toEqual({
      testee: { command: "node t.mjs" },
      databaseUrl: "postgres://x/y",
      seed: -12,
      runs: 5,
      only: ["A", "B", "C", "D"],
      reportDir: "out",
      json: true,
    });
    expect(parseCertifyArguments(["--url", "http://127.0.0.1:8080"]).testee).toEqual({ url: "http://127.0.0.1:8080" });
    expect(parseCertifyArguments(["--testee", "a", "--jobs", "2"]).jobs).toBe(2);
  });

  it.each([
    [[], /exactly one of --testee/],
    [["--testee", "a", "--url", "http://x"], /exactly one of --testee/],
    [["--url", "ftp://x"], /--url must be an http/],
    [["--testee", "a", "--runs", "0"], /--runs must be between 1/],
    [["--testee", "a", "--jobs", "0"], /--jobs must be between 1/],
    [["--testee", "a", "--seed", "1.5"], /--seed takes an integer/],
    [["--testee", "a", "--frobnicate"], /unknown option '--frobnicate'/],
    [["--testee"], /--testee needs a value/],
    [["--testee", "a", "--seed", "1", "--seed", "2"], /--seed given twice/],
    [["--testee", "a", "stray"], /unexpected argument 'stray'/],
  ])("%j is a usage error (exit 2) that says what is wrong", async (args, message) => {
    const { io: streams, out } = io();
    expect(await main(["certify", ...args], streams)).toBe(ExitCode.Usage);
    expect(out.stderr).toMatch(message);
  });

  it("--help documents the flags and the exit codes, and the command is listed", async () => {
    const { io: streams, out } = io();
    expect(await main(["certify", "--help"], streams)).toBe(ExitCode.Ok);
    expect(out.stdout).toMatch(/--testee "<command>"/);
    expect(out.stdout).toMatch(/4 {2}the testee is unavailable/);
    const help = io();
    await main(["--help"], help.io);
    expect(help.out.stdout).toMatch(/certify\s+Certify an implementation of the pact/);
  });
});

describe("datapact certify", () => {
  it("exit 0 for a testee that holds, 1 for one that breaks an invariant, with the replay command", async () => {
    for (const [mistake, code] of [
      [undefined, ExitCode.Ok],
      ["logs-notification-text", ExitCode.ViolationsFound],
    ] as const) {
      const toy = toyTestee(mistake);
      const server = await kit.serveHarness((req) => toy.send(req));
      try {
        const { io: streams, out } = io();
        const code_ = await createCertifyCommand(async () => testKit).run(["--url", server.url, "--seed", "5", "--runs", "25"], streams);
        expect(code_, out.stdout + out.stderr).toBe(code);
        if (code === ExitCode.ViolationsFound) expect(out.stdout).toContain(`replay: datapact certify --url ${server.url} --runs 25 --only TEST-DISPLAY-ONLY-NOT-LOGGED --seed 5`);
      } finally {
        await server.close();
      }
    }
  });

  it("exit 4 when the testee crashes", async () => {
    const { io: streams } = io();
    const code = await createCertifyCommand(async () => testKit).run(["--testee", nodeCommand("test/fixtures/testees/misbehaving-testee.mjs", "crash"), "--seed", "1"], streams);
    expect(code).toBe(ExitCode.Unavailable);
  });
});
