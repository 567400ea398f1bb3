import { gunzipSync, inflateSync } from "node:zlib";

/** A sub-haystack found by decoding another: a protobuf field, a base64 or hex run, a gzip stream. */
export interface DecodedLayer {
  readonly bytes: Uint8Array;
  /** How it was reached from the observed bytes, e.g. ["base64", "protobuf field 3"]. */
  readonly via: readonly string[];
  /**
   * Whether plain needles must be searched in it. A protobuf field is a
   * slice of bytes already searched, so only decoding continues in it.
   */
  readonly searchNeedles: boolean;
}

/** A number found as a protobuf field value. */
export interface WireNumber {
  readonly via: readonly string[];
  readonly wireType: "varint" | "fixed32" | "fixed64";
  /** The raw value: the varint, or the fixed bits as an unsigned integer. */
  readonly value: bigint;
}

/** Limits that keep decoding linear and safe against bombs. */
export interface DecodeLimits {
  readonly maxDepth: number;
  readonly maxDecodedBytes: number;
}

export const defaultDecodeLimits: DecodeLimits = { maxDepth: 5, maxDecodedBytes: 64 * 1024 * 1024 };

interface ProtobufField {
  readonly number: number;
  readonly wireType: 0 | 1 | 2 | 5;
  readonly value?: bigint;
  readonly bytes?: Uint8Array;
}

function readVarint(bytes: Uint8Array, pos: number): [bigint, number] | undefined {
  let result = 0n;
  for (let i = 0; i < 10; i++) {
    const b = bytes[pos + i];
    if (b === undefined) return undefined;
    result |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) return [result & 0xffff_ffff_ffff_ffffn, pos + i + 1];
  }
  return undefined;
}

/**
 * Parses `bytes` as one protobuf message, strictly: every tag valid, every
 * length in bounds, the whole buffer consumed, no groups. Undefined when the
 * bytes are not a message (most text is not).
 */
export function parseProtobufFields(bytes: Uint8Array): ProtobufField[] | undefined {
  const fields: ProtobufField[] = [];
  let pos = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (pos < bytes.length) {
    const tag = readVarint(bytes, pos);
    if (!tag) return undefined;
    const [key, afterTag] = tag;
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number < 1 || number > 0x1fffffff) return undefined;
    pos = afterTag;
    switch (wireType) {
      case 0: {
        const v = readVarint(bytes, pos);
        if (!v) return undefined;
        fields.push({ number, wireType: 0, value: v[0] });
        pos = v[1];
        break;
      }
      case 1:
        if (pos + 8 > bytes.length) return undefined;
        fields.push({ number, wireType: 1, value: view.getBigUint64(pos, true) });
        pos += 8;
        break;
      case 5:
        if (pos + 4 > bytes.length) return undefined;
        fields.push({ number, wireType: 5, value: BigInt(view.getUint32(pos, true)) });
        pos += 4;
        break;
      case 2: {
        const len = readVarint(bytes, pos);
        if (!len || len[0] > BigInt(bytes.length - len[1])) return undefined;
        const end = len[1] + Number(len[0]);
        fields.push({ number, wireType: 2, bytes: bytes.subarray(len[1], end) });
        pos = end;
        break;
      }
      default:
        return undefined;
    }
  }
  return fields;
}

const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /(?:[0-9a-f]{2}){12,}|(?:[0-9A-F]{2}){12,}/g;

/**
 * Walks every decoding of `bytes`: the fields of a protobuf message
 * (recursively), base64 and hex runs inside text, gzip and zlib streams.
 * Calls `onLayer` for each sub-haystack and `onNumber` for each protobuf
 * number, so canaries hidden under several encodings are still found.
 */
export function walkDecodedLayers(
  bytes: Uint8Array,
  onLayer: (layer: DecodedLayer) => void,
  onNumber: (n: WireNumber) => void,
  limits: DecodeLimits = defaultDecodeLimits,
): void {
  let budget = limits.maxDecodedBytes;
  const visit = (data: Uint8Array, via: readonly string[], depth: number): void => {
    if (depth >= limits.maxDepth || data.length === 0) return;
    const fields = parseProtobufFields(data);
    if (fields) {
      for (const f of fields) {
        const here = [...via, `protobuf field ${f.number}`];
        if (f.wireType === 2) {
          onLayer({ bytes: f.bytes!, via: here, searchNeedles: false });
          visit(f.bytes!, here, depth + 1);
        } else {
          onNumber({ via: here, wireType: f.wireType === 0 ? "varint" : f.wireType === 1 ? "fixed64" : "fixed32", value: f.value! });
        }
      }
    }
    const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
    const decodeRuns = (pattern: RegExp, encoding: "base64" | "hex") => {
      for (const m of text.matchAll(pattern)) {
        // A whole buffer that is one run was produced by its parent's decoding already.
        if (m[0].length === data.length && via.at(-1) === encoding) continue;
        const decoded = new Uint8Array(Buffer.from(m[0], encoding));
        if (decoded.length === 0 || decoded.length > budget) continue;
        budget -= decoded.length;
        const here = [...via, encoding];
        onLayer({ bytes: decoded, via: here, searchNeedles: true });
        visit(decoded, here, depth + 1);
      }
    };
    decodeRuns(BASE64_RUN, "base64");
    decodeRuns(HEX_RUN, "hex");
    const inflated = inflate(data, budget);
    if (inflated) {
      budget -= inflated.bytes.length;
      const here = [...via, inflated.format];
      onLayer({ bytes: inflated.bytes, via: here, searchNeedles: true });
      visit(inflated.bytes, here, depth + 1);
    }
  };
  visit(bytes, [], 0);
}

function inflate(data: Uint8Array, budget: number): { bytes: Uint8Array; format: "gzip" | "zlib" } | undefined {
  if (budget <= 0 || data.length < 3) return undefined;
  const isGzip = data[0] === 0x1f && data[1] === 0x8b;
  const isZlib = data[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(data[1]!);
  if (!isGzip && !isZlib) return undefined;
  try {
    const out = (isGzip ? gunzipSync : inflateSync)(data, { maxOutputLength: budget });
    return { bytes: new Uint8Array(out), format: isGzip ? "gzip" : "zlib" };
  } catch {
    return undefined;
  }
}
