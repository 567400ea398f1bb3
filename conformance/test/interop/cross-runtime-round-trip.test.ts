import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fromBinary, fromJson, toBinary, toJson, type DescMessage, type JsonValue, type Message } from "@bufbuild/protobuf";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import {
  codecNames,
  codecs,
  decodeDifferences,
  describeDifference,
  encodeDifferences,
  explains,
  goldenTypes,
  jsonSafeWellKnown,
  toHex,
  type GoldenVector,
  type WireCodec,
} from "../../src/interop/index.js";
import { knownDifferences, registry } from "./interop-fixtures.js";

const types = goldenTypes(registry);

/** A random message of a random golden type, as a vector: canonical JSON and protobuf-es bytes. */
const randomVectors = fc
  .constantFrom(...types)
  .chain((schema) => messageArbitrary(schema, { valueFor: jsonSafeWellKnown }).map((message) => [schema, message] as const))
  .map(([schema, message]): [DescMessage, GoldenVector] => {
    const read = fromJson(schema, JSON.parse(JSON.stringify(toJson(schema, message as Message, { registry }))) as JsonValue, { registry });
    const json = JSON.parse(JSON.stringify(toJson(schema, read, { registry }))) as JsonValue;
    return [schema, { name: "property", json, hex: toHex(toBinary(schema, read)) }];
  });

/** What a decoder makes of bytes: its JSON, or the name of the error it throws. */
function outcome(codec: WireCodec, typeName: string, bytes: Uint8Array): { json: JsonValue } | { error: string } {
  try {
    return { json: codec.decode(typeName, bytes) };
  } catch (e) {
    return { error: (e as Error).name };
  }
}

describe("every runtime reads what every runtime writes", () => {
  it("random messages round-trip across all 3x3 encoder/decoder pairs, but for known differences", () => {
    const known = knownDifferences().differences;
    fc.assert(
      fc.property(randomVectors, ([schema, vector]) => {
        const typeName = schema.typeName;
        const encodings = new Map<string, Uint8Array>();
        const clean = new Set<string>();
        for (const name of codecNames) {
          const codec = codecs[name];
          const differences = [...decodeDifferences(codec, schema, vector), ...encodeDifferences(codec, schema, vector)];
          // Whatever a runtime does differently from the reference must be a known difference.
          expect(differences.filter((d) => !known.some((k) => explains(k, d, { anyVector: true }))).map(describeDifference)).toEqual([]);
          if (differences.length === 0) clean.add(name);
          encodings.set(name, codec.encode(typeName, vector.json));
        }
        for (const writer of codecNames) {
          const written = encodings.get(writer)!;
          // The same message in the reference's wire form: what a decoder must make of `written` too.
          const reference = toBinary(schema, fromBinary(schema, written));
          for (const reader of codecNames) {
            const codec = codecs[reader];
            const read = outcome(codec, typeName, written);
            expect(read, `${reader} reading ${writer}'s bytes of ${typeName}`).toEqual(outcome(codec, typeName, reference));
            if (clean.has(writer) && clean.has(reader)) {
              expect(read, `${writer} -> ${reader} of ${typeName} gives back the JSON`).toEqual({ json: vector.json });
            }
          }
        }
      }),
      replayable("random messages of every golden type round-trip across all 3x3 encoder/decoder pairs", 100),
    );
  });
});
