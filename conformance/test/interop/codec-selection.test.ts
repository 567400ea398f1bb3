import { describe, expect, it } from "vitest";
import { join } from "node:path";
import {
  CodecFailure,
  codecFor,
  codecNames,
  codecs,
  findPactProtoDir,
  protobufjsCodec,
  UnknownCodecError,
  UnknownMessageTypeError,
} from "../../src/index.js";
import { toBinary, toJson, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import {
  craftedMessage,
  decodeDifferences,
  describeDifference,
  encodeDifferences,
  explains,
  toHex,
  type GoldenVector,
} from "../../src/interop/index.js";
import { packageDir } from "../support/paths.js";
import { knownDifferences, registry } from "./interop-fixtures.js";

const RECORD = "datapact.cloud.v1.Record";
/** A value that stands for personal data: it must never appear in an error. */
const SECRET = "alice@example.invalid-7f3a";

describe("choosing a codec (a testee's --codec flag)", () => {
  it("offers exactly protobuf-es, ts-proto and protobufjs, each by its name", () => {
    expect([...codecNames]).toEqual(["protobuf-es", "ts-proto", "protobufjs"]);
    for (const name of codecNames) {
      expect(codecFor(name).name).toBe(name);
      expect(codecFor(name)).toBe(codecs[name]);
    }
  });

  it("refuses any other name with an UnknownCodecError that lists the choices", () => {
    expect(() => codecFor("protobuf.js")).toThrow(UnknownCodecError);
    try {
      codecFor("pbjs");
    } catch (e) {
      expect((e as UnknownCodecError).name).toBe("UnknownCodecError");
      expect((e as UnknownCodecError).known).toEqual(codecNames);
      expect((e as Error).message).toContain("protobuf-es, ts-proto, protobufjs");
    }
  });

  for (const name of codecNames) {
    describe(name, () => {
      const codec = codecs[name];

      it("knows the pact's messages, harness included, and nothing else", () => {
        expect(codec.has(RECORD)).toBe(true);
        expect(codec.has("datapact.devices.band.v1.HeartRateSample") || codec.has("datapact.devices.band.v1.ActivitySyncFrame")).toBe(true);
        expect(codec.has("datapact.conformance.v1.HarnessRequest")).toBe(true);
        expect(codec.has("datapact.cloud.v1.NoSuchMessage")).toBe(false);
        expect(() => codec.encode("datapact.cloud.v1.NoSuchMessage", {})).toThrow(UnknownMessageTypeError);
        expect(() => codec.decode("datapact.cloud.v1.NoSuchMessage", new Uint8Array())).toThrow(UnknownMessageTypeError);
      });

      it("round-trips a record envelope", () => {
        const json = { recordId: "r-1", payload: "AAEC/w==", collectedAt: "2024-02-29T12:00:00Z", deviceId: "d-1" };
        const bytes = codec.encode(RECORD, json);
        expect(Buffer.from(bytes).toString("hex")).toBe(Buffer.from(codecs["protobuf-es"].encode(RECORD, json)).toString("hex"));
        const back = codec.decode(RECORD, bytes) as Record<string, unknown>;
        expect(back.recordId).toBe("r-1");
        expect(back.payload).toBe("AAEC/w==");
      });

      it("fails on truncated bytes with a CodecFailure that names codec, direction and type", () => {
        // Field 1, length 100, then three bytes: truncated.
        const truncated = Uint8Array.of(0x0a, 0x64, 0x61, 0x62, 0x63);
        let error: unknown;
        try {
          codec.decode(RECORD, truncated);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(CodecFailure);
        expect((error as CodecFailure).name).toBe("CodecFailure");
        expect((error as CodecFailure).message).toBe(`${name} could not decode ${RECORD}: ${((error as CodecFailure).cause as Error).name}`);
      });
    });
  }

  it("protobuf-es and protobufjs refuse ill-typed JSON without repeating the value; ts-proto does not check", () => {
    const illTyped = { recordId: { nested: SECRET } };
    for (const name of ["protobuf-es", "protobufjs"] as const) {
      let error: unknown;
      try {
        codecs[name].encode(RECORD, illTyped);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(CodecFailure);
      expect((error as Error).message, name).not.toContain(SECRET);
      // The runtime's own message does repeat it, which is why it stays in `cause`.
      expect(String(((error as CodecFailure).cause as Error).message).length).toBeGreaterThan(0);
    }
    // ts-proto's fromJSON coerces with String(): the object becomes "[object Object]".
    const written = codecs["ts-proto"].encode(RECORD, illTyped);
    expect(codecs["protobuf-es"].decode(RECORD, written)).toEqual({ recordId: "[object Object]" });
  });
});

describe("a testee can speak the harness protocol with any runtime", () => {
  it("every harness message, fully populated or in unicode, reads and writes as the reference does, but for known differences", () => {
    const harness = [...registry].filter((t): t is DescMessage => t.kind === "message" && t.typeName.startsWith("datapact.conformance.v1."));
    expect(harness.map((t) => t.typeName)).toContain("datapact.conformance.v1.HarnessRequest");
    const known = knownDifferences().differences;
    const unexplained: string[] = [];
    for (const schema of harness) {
      for (const flavor of ["typical", "unicode", "max"] as const) {
        const message = craftedMessage(schema, { flavor });
        const vector: GoldenVector = { name: flavor, json: JSON.parse(JSON.stringify(toJson(schema, message, { registry }))) as JsonValue, hex: toHex(toBinary(schema, message)) };
        for (const name of codecNames) {
          const differences = [...decodeDifferences(codecs[name], schema, vector), ...encodeDifferences(codecs[name], schema, vector)];
          unexplained.push(...differences.filter((d) => !known.some((k) => explains(k, d, { anyVector: true }))).map(describeDifference));
        }
      }
    }
    expect(unexplained).toEqual([]);
  });
});

describe("protobufjs reads the .proto text", () => {
  it("from the repository's proto/ directory by default", () => {
    expect(findPactProtoDir()).toBe(join(packageDir, "..", "proto"));
  });

  it("only when first used, and fails then if the directory has no pact", () => {
    const codec = protobufjsCodec({ protoDir: join(packageDir, "no-such-proto-dir") });
    expect(codec.name).toBe("protobufjs");
    expect(() => codec.has(RECORD)).toThrow();
  });

  it("from a chosen subset of files", () => {
    const codec = protobufjsCodec({ files: ["datapact/cloud/v1/record.proto"] });
    expect(codec.has(RECORD)).toBe(true);
    expect(codec.has("datapact.devices.band.v1.ActivitySyncFrame")).toBe(false);
  });
});
