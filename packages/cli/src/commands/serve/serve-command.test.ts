// `datapact serve`: starts the reference cloud, prints how to reach it and
// the development credentials, keeps a data directory's secrets across
// restarts, and stops cleanly on a signal. Clients speak the Connect
// protocol's JSON form over HTTP/1.1 and HTTP/2, as any Connect client can.
import { create, fromBinary, toBinary, toJson } from "@bufbuild/protobuf";
import { consentSnapshot, planFor, statementFor } from "@datapact/policy";
import { band, DataUseStatementSchema, Purpose, Tier } from "@datapact/proto";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import http2 from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../main.js";
import { ExitCode } from "../../exit-codes.js";
import { runServe, type ServeSummary } from "./serve-command.js";

const repoRoot = fileURLToPath(new URL("../../../../../", import.meta.url));

interface Running {
  summary: ServeSummary;
  stop: () => Promise<{ code: number; stderr: string }>;
}

async function start(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Running> {
  let stdout = "";
  let stderr = "";
  const abort = new AbortController();
  const io = { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, cwd: repoRoot, interactive: false };
  const done = runServe(["--port", "0", "--json", ...args], io, abort.signal, env);
  for (let i = 0; i < 600 && !stdout.includes("\n"); i++) await Promise.race([done, new Promise((r) => setTimeout(r, 50))]);
  return {
    summary: JSON.parse(stdout.split("\n")[0]!) as ServeSummary,
    stop: async () => {
      abort.abort();
      return { code: await done, stderr };
    },
  };
}

/** One Connect unary call in JSON over HTTP/1.1. */
async function call(url: string, procedure: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** The same over HTTP/2 with prior knowledge. */
function callH2(url: string, procedure: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url);
    session.on("error", reject);
    const req = session.request({ ":method": "POST", ":path": `/${procedure}`, "content-type": "application/json" });
    let status = 0;
    let text = "";
    req.on("response", (h) => (status = Number(h[":status"])));
    req.setEncoding("utf8");
    req.on("data", (d: string) => (text += d));
    req.on("end", () => {
      session.close();
      resolve({ status, json: JSON.parse(text) as Record<string, unknown> });
    });
    req.end(JSON.stringify(body));
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("datapact serve", { timeout: 120_000 }, () => {
  it("serves the cloud over HTTP/1.1 and HTTP/2, prints working development credentials, and stops", async () => {
    const running = await start(["--manufacturer", "maker-one=band,scale"]);
    const { summary } = running;
    expect(summary.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([summary.database, summary.policyVersion]).toEqual(["pglite", "dev-1"]);
    expect(Buffer.from(summary.factoryMasterKey, "base64")).toHaveLength(32);

    const created = await call(summary.url, "datapact.cloud.v1.AccountService/CreateAccount", { region: "eu" });
    expect(created.status).toBe(200);
    const overH2 = await callH2(summary.url, "datapact.cloud.v1.AccountService/CreateAccount", { region: "sg" });
    expect([overH2.status, typeof (overH2.json.session as { accountId?: unknown }).accountId]).toEqual([200, "string"]);

    const consent = await call(summary.url, "datapact.cloud.v1.ConsentService/GiveConsent", { policyKind: "POLICY_KIND_GENERAL", policyVersion: "dev-1", purposes: ["PURPOSE_FUNCTIONALITY"] }, summary.devUserToken);
    expect(consent.status).toBe(200);
    const users = await call(summary.url, "datapact.cloud.v1.ManufacturerService/ListUsers", {}, summary.manufacturers["maker-one"]);
    expect(users.status).toBe(200);
    expect((await call(summary.url, "datapact.cloud.v1.ConsentService/ListConsents", {}, "ut1.forged.token")).json.code).toBe("unauthenticated");

    const stopped = await running.stop();
    expect(stopped.code).toBe(ExitCode.Ok);
    expect(stopped.stderr).toContain('"event":"server.listening"');
    expect(stopped.stderr).toContain("datapact serve: stopped");
    await expect(fetch(`${summary.url}/datapact.cloud.v1.AccountService/CreateAccount`, { method: "POST" })).rejects.toThrow();
  });

  it("keeps generated secrets in the data directory, so sealed data stays readable across restarts", async () => {
    const contactEmail = planFor(band.FeedbackRecordSchema).ruleFor(band.FeedbackRecordSchema.field.contactEmail.number)!;
    expect(contactEmail.encryptedAt.has(Tier.CLOUD)).toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), "datapact-serve-"));
    dirs.push(dataDir);
    const first = await start(["--data-dir", dataDir]);
    expect(first.summary.generatedSecrets).toHaveLength(4);
    const token = first.summary.devUserToken;
    const account = first.summary.devAccountId;
    const given = await call(first.summary.url, "datapact.cloud.v1.ConsentService/GiveConsent", { policyKind: "POLICY_KIND_GENERAL", policyVersion: "dev-1", purposes: ["PURPOSE_FUNCTIONALITY"] }, token);
    expect(given.status).toBe(200);
    const receiptId = (given.json.receipt as { receiptId: string }).receiptId;
    const message = create(band.FeedbackRecordSchema, { contactEmail: "SEALED-mail-3f9a@example.org" });
    const statement = statementFor(band.FeedbackRecordSchema, message, {
      consent: consentSnapshot({ band: { purposes: [Purpose.FUNCTIONALITY] } }),
      policyVersion: "dev-1",
      consentReceiptId: receiptId,
    });
    const record = { recordId: "fb-1", statement: toJson(DataUseStatementSchema, statement), payload: Buffer.from(toBinary(band.FeedbackRecordSchema, message)).toString("base64") };
    expect((await call(first.summary.url, "datapact.cloud.v1.SyncService/Ingest", { records: [record] }, token)).status).toBe(200);
    await first.stop();
    expect(statSync(join(dataDir, "datapact-dev-secrets.json")).mode & 0o777).toBe(0o600);

    const second = await start(["--data-dir", dataDir]);
    // The token signed by the first run verifies: the signing secret was kept, and so was the account.
    const listed = await call(second.summary.url, "datapact.cloud.v1.ConsentService/ListConsents", {}, token);
    expect(listed.status).toBe(200);
    expect((listed.json.receipts as unknown[]).length).toBe(1);
    const pulled = await call(second.summary.url, "datapact.cloud.v1.SyncService/Pull", { productId: "band" }, token);
    const payload = (pulled.json.records as { payload: string }[])[0]!.payload;
    expect(fromBinary(band.FeedbackRecordSchema, Buffer.from(payload, "base64")).contactEmail).toBe("SEALED-mail-3f9a@example.org");
    expect(second.summary.devAccountId).not.toBe(account);
    await second.stop();
  });

  it("serves one storage location with --location: the development account and new ones are stored there, other regions are sent away", async () => {
    const running = await start(["--location", "germany"]);
    const { summary } = running;
    expect(summary.location).toBe("germany");
    expect(summary.devAccountId).toMatch(/^de_/);
    const created = await call(summary.url, "datapact.cloud.v1.AccountService/CreateAccount", { region: "fr" });
    expect((created.json.session as { accountId: string }).accountId).toMatch(/^de_/);
    const elsewhere = await call(summary.url, "datapact.cloud.v1.AccountService/CreateAccount", { region: "br" });
    expect([elsewhere.status, elsewhere.json.code]).toEqual([400, "failed_precondition"]);
    expect((await running.stop()).code).toBe(ExitCode.Ok);
  });

  it("refuses arguments it does not understand with a usage error", async () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, cwd: repoRoot, interactive: false };
    for (const args of [["--port", "99999"], ["--database-url", "mysql://x"], ["--manufacturer", "nope"], ["--frobnicate"], ["--database-url", "postgres://h/db", "--data-dir", "/tmp/x"], ["--location", "atlantis"]]) {
      expect([args.join(" "), await main(["serve", ...args], io)]).toEqual([args.join(" "), ExitCode.Usage]);
    }
  });

  it("stops on SIGTERM as a process, exiting 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "packages/cli/src/bin.ts", "serve", "--port", "0", "--json"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.resume();
    for (let i = 0; i < 600 && !stdout.includes("\n"); i++) await new Promise((r) => setTimeout(r, 50));
    const summary = JSON.parse(stdout.split("\n")[0]!) as ServeSummary;
    expect((await call(summary.url, "datapact.cloud.v1.AccountService/CreateAccount", { region: "eu" })).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
