import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCertification, CertifyExitCode } from "../../src/certification/index.js";
import type { CertificationRequest } from "../../src/certification/certification-request.js";
import { serveHarness } from "../../src/testee/index.js";
import type { ListeningServer } from "../../src/http/index.js";
import { gadgetRegistry } from "../support/gadget-schema.js";
import { nodeCommand } from "../support/paths.js";
import { displayOnlyNotLogged } from "../support/test-invariants.js";
import { toyTestee, type ToyMistake } from "../support/toy-testee.js";


let dir: string;
const servers: ListeningServer[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "datapact-certify-"));
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await rm(dir, { recursive: true, force: true });
});

async function toyUrl(mistake?: ToyMistake): Promise<string> {
  const toy = toyTestee(mistake);
  const server = await serveHarness((req) => toy.send(req));
  servers.push(server);
  return server.url;
}

function request(testee: CertificationRequest["testee"], extra: Partial<CertificationRequest> = {}) {
  const out = { stdout: "", stderr: "" };
  const req: CertificationRequest = {
    testee,
    seed: 5,
    runs: 8,
    reportDir: join(dir, String(Math.random()).slice(2)),
    invariants: [displayOnlyNotLogged],
    // The gadget product is not part of the pact: certify reads its schema from here.
    files: [...gadgetRegistry.files],
    cwd: dir,
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => (out.stderr += s) },
    interactive: false,
    ...extra,
  };
  return { req, out };
}

describe("runCertification (what `datapact certify` runs)", () => {
  it("exit 0 for a testee that holds every invariant, with the summary on stdout and the three reports written", async () => {
    const { req, out } = request({ url: await toyUrl() });
    const run = await runCertification(req);
    expect(out.stderr).toContain("seed 5");
    expect(run.exitCode, out.stdout + out.stderr).toBe(CertifyExitCode.Certified);
    expect(out.stdout).toContain("CERTIFIED");
    expect(JSON.parse(await readFile(run.reportFiles!.json, "utf8")).outcome).toBe("certified");
    expect(await readFile(run.reportFiles!.html, "utf8")).toContain("<!DOCTYPE html>");
    expect(await readFile(run.reportFiles!.junit, "utf8")).toContain("<testsuites");
  });

  it("exit 1 on a violation, and the replay command names the testee, the invariant and the seed", async () => {
    const url = await toyUrl("logs-notification-text");
    const { req, out } = request({ url }, { runs: 25 });
    const run = await runCertification(req);
    expect(run.exitCode).toBe(CertifyExitCode.NotCertified);
    expect(out.stdout).toContain(`replay: datapact certify --url ${url} --runs 25 --only TEST-DISPLAY-ONLY-NOT-LOGGED --seed 5`);
  });

  it("--json prints report.json and nothing else on stdout", async () => {
    const { req, out } = request({ url: await toyUrl() }, { json: true });
    await runCertification(req);
    expect(JSON.parse(out.stdout)).toMatchObject({ formatVersion: 1, seed: 5 });
  });

  it("exit 4 when the testee crashes", async () => {
    const { req } = request({ command: nodeCommand("test/fixtures/testees/misbehaving-testee.mjs", "crash") });
    expect((await runCertification(req)).exitCode).toBe(CertifyExitCode.Unavailable);
  });

  it("exit 2 for an unknown --only id, listing the known ones", async () => {
    const { req, out } = request({ url: "http://127.0.0.1:1" }, { only: ["DP-NOPE"] });
    expect((await runCertification(req)).exitCode).toBe(CertifyExitCode.Usage);
    expect(out.stderr).toContain("unknown invariant DP-NOPE; known: TEST-DISPLAY-ONLY-NOT-LOGGED");
  });

  it("exit 1 when there is nothing to certify", async () => {
    const { req, out } = request({ url: "http://127.0.0.1:1" }, { invariants: [] });
    expect((await runCertification(req)).exitCode).toBe(CertifyExitCode.NotCertified);
    expect(out.stderr).toContain("nothing can be certified");
  });
});
