import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRegistry, type DescMessage } from "@bufbuild/protobuf";
import { fieldPolicyOf } from "@datapact/policy";
import { Flow, pactFiles } from "@datapact/proto";
import { beforeAll, describe, expect, it } from "vitest";
import { barredFields } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, "..");
const repo = resolve(pkg, "../..");
const work = join(pkg, "test/.work");
const buf = join(repo, "node_modules/.bin/buf");
const tsc = join(repo, "node_modules/.bin/tsc");

function generate(): void {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(join(repo, "proto/datapact/privacy"), join(work, "vocab/datapact/privacy"), { recursive: true });
  cpSync(join(here, "fixtures/proto"), join(work, "fixture"), { recursive: true });
  writeFileSync(join(work, "buf.yaml"), "version: v2\nmodules:\n  - path: vocab\n  - path: fixture\n");
  writeFileSync(
    join(work, "buf.gen.yaml"),
    [
      "version: v2",
      "plugins:",
      `  - local: ${join(repo, "node_modules/.bin/protoc-gen-es")}`,
      "    out: gen",
      "    opt: [target=ts, import_extension=js]",
      `  - local: ["node", "${join(pkg, "dist/bin.js")}"]`,
      "    out: gen-pact",
      "    opt: [target=ts]",
      "    strategy: all",
      "",
    ].join("\n"),
  );
  execFileSync(buf, ["generate"], { cwd: work, stdio: "pipe" });
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, skipLibCheck: true }, include: ["*.ts", "gen/**/*.ts", "gen-pact/**/*.ts"] }),
  );
}

function compile(source: string): { code: number; errorLines: number[]; output: string } {
  writeFileSync(join(work, "use-guards.ts"), source);
  const r = spawnSync(tsc, ["-p", work], { encoding: "utf8" });
  const output = r.stdout + r.stderr;
  const errorLines = [...output.matchAll(/use-guards\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1]));
  return { code: r.status ?? -1, errorLines, output };
}

describe("protoc-gen-datapact", () => {
  beforeAll(generate, 60_000);

  it("lists the barred fields of each message per tier", () => {
    const guards = readFileSync(join(work, "gen-pact/pact_guards.ts"), "utf8");
    expect(guards).toContain('"datapact.testing.v1.Notification": { device: "title" | "caller"; app: "title" | "caller"; cloud: "title" | "caller" };');
    expect(guards).toContain('"datapact.testing.v1.Sample": { device: never; app: "pin"; cloud: "pin" };');
  });

  const source = readFileSync(join(here, "fixtures/use-guards.ts"), "utf8");
  const expected = source
    .split("\n")
    .map((line, i) => (line.trimStart().startsWith("// @ts-expect-error") ? i + 2 : 0))
    .filter((n) => n > 0);

  it("makes storing display-only and device-only values a compile error, and storable values compile", () => {
    expect(expected.length).toBeGreaterThanOrEqual(7);
    const r = compile(source);
    expect(r.output).toBe("");
    expect(r.code).toBe(0);
  }, 60_000);

  it("fails on exactly the guarded lines when the expectations are removed", () => {
    const r = compile(source.replaceAll("// @ts-expect-error", "// (expected error)"));
    expect([...new Set(r.errorLines)].sort((a, b) => a - b)).toEqual(expected);
  }, 60_000);
});

describe("barredFields over the pact", () => {
  const registry = createRegistry(...pactFiles);
  const messages = [...registry].filter((t): t is DescMessage => t.kind === "message");

  it("bars every display-only and third-party-direct field from every tier", () => {
    let guarded = 0;
    for (const m of messages) {
      const barred = barredFields(m);
      for (const f of m.fields) {
        const flow = fieldPolicyOf(f)?.flow;
        if (flow === Flow.DISPLAY_ONLY || flow === Flow.THIRD_PARTY_DIRECT) {
          guarded++;
          for (const tier of ["device", "app", "cloud"] as const) expect(barred[tier], `${m.typeName}.${f.name} at ${tier}`).toContain(f.localName);
        }
      }
    }
    expect(guarded).toBeGreaterThan(0);
  });
});
