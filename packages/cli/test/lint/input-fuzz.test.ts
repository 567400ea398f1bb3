import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { InputError, loadDescriptorSet, loadProtoText } from "../../src/schema-source/index.js";
import { lintWorkDir, removeLintWorkDirs } from "./lint-fixtures.js";

const work = lintWorkDir("datapact-lint-fuzz-");
afterAll(removeLintWorkDirs);
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

// Pieces of real schemas, so garbling produces near-misses the parser takes
// far into the file, not only rejections at the first byte.
const pieces = [
  'syntax = "proto3";', "package fuzz.v1;", 'import "datapact/privacy/v1/options.proto";', 'import "google/protobuf/timestamp.proto";',
  "message M {", "}", "string name = 1;", "repeated M items = 2;", "map<string, int32> m = 3;", "oneof o { int32 a = 4; }",
  "optional bool b = 5;", "enum E { E_UNSPECIFIED = 0; }", "google.protobuf.Timestamp at = 6;",
  "option (datapact.privacy.v1.record) = { function: \"f\" off_by_default: true hops: [HOP_DEVICE_APP] };",
  "[(datapact.privacy.v1.data) = { category: DATA_CATEGORY_OTHER purposes: [PURPOSE_FUNCTIONALITY] }];",
  "[(datapact.privacy.v1.data).retention = {kind: RETENTION_KIND_FIXED_PERIOD days: 7}]", "reserved 9;", "extend M { int32 x = 100; }",
  "service S { rpc Do(M) returns (M); }", "//", "/*", "*/", '"', "{", "[", "]", "=", ";", "<", ">", ".", "\n", " ", "\t",
];
const protoText = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(" ")),
  fc.string({ maxLength: 400 }),
  fc.tuple(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), fc.nat(), fc.string({ maxLength: 5 })).map(([p, at, junk]) => {
    const s = p.join("\n");
    const i = s.length === 0 ? 0 : at % s.length;
    return s.slice(0, i) + junk + s.slice(i);
  }),
);

function outcome(load: () => unknown): "ok" | "input-error" {
  try {
    load();
    return "ok";
  } catch (err) {
    if (err instanceof InputError) return "input-error";
    throw err;
  }
}

describe("schema-source on hostile input (fast-check)", () => {
  it(`garbled .proto text either loads or throws a typed InputError, never anything else (seed ${SEED})`, () => {
    console.log(`input-fuzz: fast-check seed ${SEED} (set FC_SEED to replay)`);
    let n = 0;
    fc.assert(
      fc.property(protoText, (text) => {
        const file = join(work, `f${n++}.proto`);
        writeFileSync(file, text);
        expect(["ok", "input-error"]).toContain(outcome(() => loadProtoText([{ absolutePath: file, displayPath: "f.proto" }], [], work)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  }, 120_000);

  it(`random bytes as a descriptor set either load or throw a typed InputError (seed ${SEED})`, () => {
    let n = 0;
    // Valid FileDescriptorSet framing (field 1, length-delimited) around random
    // bytes gets past the first decode far more often than raw noise.
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 120 }).map((b) => Uint8Array.from([0x0a, b.length, ...b])),
      fc.string({ maxLength: 60 }).map((name) => {
        const body = Buffer.concat([Buffer.from([0x0a, Buffer.byteLength(name)]), Buffer.from(name), Buffer.from([0x1a, 0x05, ...Buffer.from("x.pro")])]);
        return Uint8Array.from([0x0a, body.length, ...body]);
      }),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const file = join(work, `s${n++}.desc`);
        writeFileSync(file, b);
        expect(["ok", "input-error"]).toContain(outcome(() => loadDescriptorSet(file, "s.desc")));
      }),
      { seed: SEED, numRuns: 300 },
    );
  }, 120_000);
});
