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

/**
 * A number found as a protobuf field value: a varint, fixed32 or fixed64
 * field, or one element of a packed repeated field (a length-delimited
 * field read as consecutive varints, 4-byte or 8-byte values).
 */
export interface WireNumber {
  /** How it was reached, e.g. ["protobuf field 4", "packed varint"]. */
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

/**
 * The longest packed run whose 32-bit elements are reported. A 32-bit value
 * carries about 31 bits, and any 4 bytes of a sealed value read as fixed32
 * (or 5 as a varint) equal a given value by chance once in 2^32: a long run
 * of ciphertext would offer thousands of such chances. Canary messages hold
 * a few elements per repeated field; 64-bit elements are reported from runs
 * of any length, their chance being 2^-60 or less.
 */
export const maxPacked32Elements = 64;

/** Varints shorter than this hold values under 2^28, which carry too little to mark anything; they are not reported. */
const MIN_REPORTED_VARINT_BYTES = 5;
/** Varints this long or longer hold 2^35 or more: reported from runs of any length. */
const WIDE_VARINT_BYTES = 6;

/**
 * Whether a number whose low 32 bits are these may be wanted at all: a
 * cheap test before a packed element becomes a bigint (a packed reading of
 * a long field yields an element every 4 or 8 bytes).
 */
export type Low32Filter = (low32: number) => boolean;

/** The low 32 bits of a varint of 5 bytes or more at `pos`. */
function varintLow32(bytes: Uint8Array, pos: number): number {
  return ((bytes[pos]! & 0x7f) | ((bytes[pos + 1]! & 0x7f) << 7) | ((bytes[pos + 2]! & 0x7f) << 14) | ((bytes[pos + 3]! & 0x7f) << 21) | ((bytes[pos + 4]! & 0x0f) << 28)) >>> 0;
}

/** Whether the 10-byte varint at `pos` is a negative int32 sign-extended to 64 bits (bits 31 to 63 set). */
function isNegativeInt32(bytes: Uint8Array, pos: number): boolean {
  if ((bytes[pos + 4]! & 0x78) !== 0x78 || bytes[pos + 9] !== 0x01) return false;
  for (let i = 5; i < 9; i++) if (bytes[pos + i] !== 0xff) return false;
  return true;
}

/** The value of a varint of `len` bytes at `pos`, already checked well-formed. */
function varintAt(bytes: Uint8Array, pos: number, len: number): bigint {
  let v = 0n;
  for (let i = len - 1; i >= 0; i--) v = (v << 7n) | BigInt(bytes[pos + i]! & 0x7f);
  return v & 0xffff_ffff_ffff_ffffn;
}

/**
 * Reads a length-delimited field as a packed repeated numeric field, the
 * three ways it can be one, and reports its elements as numbers:
 * - consecutive varints (int32, int64, uint*, sint*, enum, bool), when the
 *   whole field is well-formed varints, each minimally encoded as every
 *   encoder writes them; 5-byte elements (under 2^35) only when the run is
 *   short (see {@link maxPacked32Elements}) and every element is 5 bytes or
 *   less or a negative int32 sign-extended to 10, as in an int32, uint32 or
 *   sint32 field;
 * - consecutive 4-byte values (fixed32, sfixed32, float), when the length is
 *   a multiple of 4 and the run is short;
 * - consecutive 8-byte values (fixed64, sfixed64, double), when the length
 *   is a multiple of 8.
 * Any bytes may be read so: strings, nested messages and sealed values are
 * too, and only what a canary index recognises counts. Linear in the
 * field's length; never throws.
 */
export function walkPacked(bytes: Uint8Array, via: readonly string[], onNumber: (n: WireNumber) => void, mayMatch: Low32Filter = () => true): void {
  const n = bytes.length;
  if (n === 0) return;
  // Varints: validate the whole run first, then report the long elements.
  let count = 0;
  let narrow = true;
  let valid = true;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if ((b & 0x80) !== 0) continue;
    const len = i - start + 1;
    if (len > 10 || (len > 1 && b === 0) || (len === 10 && b > 1)) {
      valid = false;
      break;
    }
    if (len > 5 && narrow && !(len === 10 && isNegativeInt32(bytes, start))) narrow = false;
    count++;
    start = i + 1;
  }
  if (start !== n) valid = false;
  if (valid) {
    const reportNarrow = narrow && count <= maxPacked32Elements;
    let here: string[] | undefined;
    for (let pos = 0; pos < n; ) {
      let len = 1;
      while ((bytes[pos + len - 1]! & 0x80) !== 0) len++;
      if (len >= MIN_REPORTED_VARINT_BYTES && (len >= WIDE_VARINT_BYTES || reportNarrow) && mayMatch(varintLow32(bytes, pos))) {
        onNumber({ via: (here ??= [...via, "packed varint"]), wireType: "varint", value: varintAt(bytes, pos, len) });
      }
      pos += len;
    }
  }
  if (n % 4 !== 0) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (n / 4 <= maxPacked32Elements) {
    for (let pos = 0; pos < n; pos += 4) {
      const value = view.getUint32(pos, true);
      if (mayMatch(value)) onNumber({ via: [...via, "packed fixed32"], wireType: "fixed32", value: BigInt(value) });
    }
  }
  if (n % 8 === 0) {
    for (let pos = 0; pos < n; pos += 8) if (mayMatch(view.getUint32(pos, true))) onNumber({ via: [...via, "packed fixed64"], wireType: "fixed64", value: view.getBigUint64(pos, true) });
  }
}

const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /(?:[0-9a-f]{2}){12,}|(?:[0-9A-F]{2}){12,}/g;

/**
 * Walks every decoding of `bytes`: the fields of a protobuf message
 * (recursively), base64 and hex runs inside text, gzip and zlib streams.
 * Calls `onLayer` for each sub-haystack and `onNumber` for each protobuf
 * number, the elements of packed repeated fields included (see
 * {@link walkPacked}; `mayMatch` skips those the caller cannot want), so
 * canaries hidden under several encodings are still found.
 */
export function walkDecodedLayers(
  bytes: Uint8Array,
  onLayer: (layer: DecodedLayer) => void,
  onNumber: (n: WireNumber) => void,
  limits: DecodeLimits = defaultDecodeLimits,
  mayMatch?: Low32Filter,
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
          // Read packed even when it also reads as a message: a packed run whose first element is a
          // large number often parses as a field with that number as its tag, which hides the element.
          walkPacked(f.bytes!, here, onNumber, mayMatch);
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
