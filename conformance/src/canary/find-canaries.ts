import { ScalarType } from "@bufbuild/protobuf";
import type { Observation, Sink } from "../observe/observation.js";
import type { StepRef } from "../protocol/step-ref.js";
import type { Canary } from "./canary.js";
import { needlesOf, type CanaryEncoding } from "./canary-needles.js";
import { walkDecodedLayers, type DecodeLimits, type WireNumber } from "./decoded-layers.js";
import { NeedleIndex } from "./needle-index.js";

/** A canary found in a sink. */
export interface CanaryHit {
  readonly canary: Canary;
  readonly sink: Sink;
  /** How the marker appeared: as is, hex, base64, decimal text, or as a protobuf field value. */
  readonly encoding: CanaryEncoding | "protobuf";
  /** The decodings the kit applied to reach it, outermost first (empty when found in the observed bytes as they are). */
  readonly via: readonly string[];
  /** When the sink was observed. */
  readonly observedAt?: StepRef;
  /** Where in the sink (the observation's detail). */
  readonly detail?: string;
}

/** Options of {@link findCanaries}. */
export interface FindCanariesOptions {
  /** Decoding limits (depth, bytes). */
  readonly limits?: DecodeLimits;
}

/**
 * Searches every observation for every canary: in plain text, hex, base64
 * (standard and URL-safe, every alignment), decimal text for numbers, and
 * inside protobuf messages (length-delimited fields decoded recursively,
 * numbers compared as field values, packed repeated fields read as runs of
 * varints, fixed32 or fixed64 values), base64 and hex runs, gzip and zlib
 * streams. Returns one hit per canary, sink, encoding, decoding path,
 * place in the sink (the observation's detail) and step observed at: a
 * place observed at two steps (a row scanned before and after a deletion,
 * an export taken before and after a withdrawal) gives a hit at each, so a
 * check that asks what was seen after a step sees it.
 */
export function findCanaries(observations: Iterable<Observation>, canaries: Iterable<Canary>, options: FindCanariesOptions = {}): CanaryHit[] {
  const list = [...canaries];
  const index = new NeedleIndex(list.flatMap(needlesOf));
  const numbers = numericWireKeys(list);
  const hits = new Map<string, CanaryHit>();
  const record = (o: Observation, canary: Canary, encoding: CanaryHit["encoding"], via: readonly string[]) => {
    const key = `${canary.key}\u0000${o.sink}\u0000${encoding}\u0000${via.join("/")}\u0000${o.detail ?? ""}\u0000${o.step?.number ?? ""}`;
    if (!hits.has(key)) hits.set(key, { canary, sink: o.sink, encoding, via, observedAt: o.step, detail: o.detail });
  };
  for (const o of observations) {
    for (const m of index.search(o.bytes)) record(o, m.needle.canary, m.needle.encoding, []);
    walkDecodedLayers(
      o.bytes,
      (layer) => {
        if (layer.searchNeedles) for (const m of index.search(layer.bytes)) record(o, m.needle.canary, m.needle.encoding, layer.via);
      },
      (n) => {
        for (const canary of numbers[n.wireType].get(n.value) ?? []) record(o, canary, "protobuf", n.via);
      },
      options.limits,
      numbers.low32.size === 0 ? () => false : (low32) => numbers.low32.has(low32),
    );
  }
  return [...hits.values()];
}

/** Whether any canary is in any observation: the cheap question most checks ask. */
export function anyCanaryIn(observations: Iterable<Observation>, canaries: Iterable<Canary>): boolean {
  return findCanaries(observations, canaries).length > 0;
}

const U32 = 0xffff_ffffn;

/**
 * Numeric canaries by the wire value they take, per wire type (bigint keys:
 * no text built per number looked up), and the low 32 bits of every such
 * value, which packed fields are filtered by before a bigint is made.
 */
type WireKeys = Record<WireNumber["wireType"], Map<bigint, Canary[]>> & { readonly low32: Set<number> };

/**
 * The protobuf wire values a numeric canary can take: the varint (and its
 * zigzag form, in case the testee re-encodes into a sint field), the fixed
 * encodings, and the bits of floats and doubles.
 */
function numericWireKeys(canaries: readonly Canary[]): WireKeys {
  const keys: WireKeys = { varint: new Map(), fixed32: new Map(), fixed64: new Map(), low32: new Set() };
  const add = (wireType: WireNumber["wireType"], value: bigint, c: Canary) => {
    keys.low32.add(Number(value & U32));
    const list = keys[wireType].get(value);
    if (list) list.push(c);
    else keys[wireType].set(value, [c]);
  };
  for (const c of canaries) {
    if (typeof c.value === "bigint" || (typeof c.value === "number" && Number.isInteger(c.value))) {
      const v = BigInt(c.value);
      add("varint", v, c);
      add("varint", (v << 1n) & 0xffff_ffff_ffff_ffffn, c);
      if (v <= U32) add("fixed32", v, c);
      add("fixed64", v, c);
    } else if (typeof c.value === "number") {
      const view = new DataView(new ArrayBuffer(8));
      if (c.scalar === ScalarType.FLOAT) {
        view.setFloat32(0, c.value, true);
        add("fixed32", BigInt(view.getUint32(0, true)), c);
      }
      view.setFloat64(0, c.value, true);
      add("fixed64", view.getBigUint64(0, true), c);
    }
  }
  return keys;
}
