import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { pactFiles } from "../src/index.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const buf = join(repo, "node_modules/.bin/buf");
const run = (...args: string[]) => spawnSync(buf, args, { cwd: repo, encoding: "utf8" });
const git = (...args: string[]) => spawnSync("git", args, { cwd: repo, encoding: "utf8" });

describe("the pact's .proto files", () => {
  it("pass buf lint (STANDARD)", () => {
    const r = run("lint");
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("make no breaking change against the previous commit (buf breaking, FILE)", (ctx) => {
    const previous = git("rev-parse", "--verify", "--quiet", "HEAD~1");
    if (previous.status !== 0) {
      console.log("buf breaking skipped: this checkout has no previous commit (shallow clone or first commit)");
      ctx.skip();
    }
    const r = run("breaking", "--against", `${repo}/.git#ref=HEAD~1`);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("are all in the generated index", () => {
    const files = run("ls-files").stdout.trim().split("\n").filter(Boolean).map((f) => f.replace(/^proto\//, ""));
    expect(pactFiles.map((f) => f.name + ".proto").sort()).toEqual(files.sort());
  });
});
