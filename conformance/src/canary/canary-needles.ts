import { ScalarType } from "@bufbuild/protobuf";
import type { Canary } from "./canary.js";

/** How a canary's bytes appear in a sink. */
export type CanaryEncoding = "plain" | "hex" | "HEX" | "base64" | "base64url" | "decimal";

/** One byte pattern that, found in a sink, proves a canary is there. */
export interface Needle {
  readonly canary: Canary;
  readonly encoding: CanaryEncoding;
  readonly bytes: Uint8Array;
  /** Decimal needles must not touch other digits (1234567890 inside 912345678901 is not a hit). */
  readonly digitBounded: boolean;
}

/** Shortest needle the search index handles; shorter patterns carry too little entropy. */
export const minNeedleBytes = 8;

const utf8 = new TextEncoder();

/** The bytes a canary's value has in plain form: UTF-8 for strings, as is for bytes. */
function plainBytes(canary: Canary): Uint8Array | undefined {
  if (typeof canary.value === "string") return utf8.encode(canary.value);
  if (canary.value instanceof Uint8Array) return canary.value;
  return undefined;
}

/**
 * The base64 characters that depend only on `bytes` when they sit at
 * `alignment` (0, 1 or 2) bytes past a 3-byte boundary of a larger encoded
 * blob: the characters shared with unknown neighbours are cut off.
 */
function base64Core(bytes: Uint8Array, alignment: 0 | 1 | 2, url: boolean): Uint8Array {
  const padded = new Uint8Array(alignment + bytes.length + 2);
  padded.set(bytes, alignment);
  const text = Buffer.from(padded).toString(url ? "base64url" : "base64");
  const first = Math.ceil((8 * alignment) / 6);
  const end = Math.floor((8 * (alignment + bytes.length)) / 6);
  return utf8.encode(text.slice(first, end));
}

/** Decimal renderings of a numeric canary that other runtimes produce too. */
function decimalForms(canary: Canary): string[] {
  if (typeof canary.value === "bigint") return [canary.value.toString()];
  if (typeof canary.value !== "number") return [];
  if (Number.isInteger(canary.value)) return [String(canary.value)];
  const forms = [String(canary.value)];
  if (canary.scalar === ScalarType.FLOAT) {
    // Runtimes that keep floats as float32 print the shortest float32 form.
    for (let digits = 1; digits <= 9; digits++) {
      const s = String(Number(canary.value.toPrecision(digits)));
      if (Math.fround(Number(s)) === canary.value) {
        forms.push(s);
        break;
      }
    }
  }
  return forms;
}

/** Raw little-endian bytes of a double: 64 bits, distinct enough to search as is. */
function doubleBytes(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value, true);
  return out;
}

/**
 * Every needle of a canary: plain, hex (lower and upper), base64 (standard
 * and URL-safe, all three alignments) for strings and bytes; decimal text
 * for numbers, and the raw bytes of doubles. Integer and float values are
 * also matched as protobuf field values by the decoder, not by needles.
 */
export function needlesOf(canary: Canary): Needle[] {
  const needles: Needle[] = [];
  const add = (encoding: CanaryEncoding, bytes: Uint8Array, digitBounded = false) => {
    if (bytes.length >= minNeedleBytes) needles.push({ canary, encoding, bytes, digitBounded });
  };
  const plain = plainBytes(canary);
  if (plain) {
    add("plain", plain);
    const hex = Buffer.from(plain).toString("hex");
    add("hex", utf8.encode(hex));
    add("HEX", utf8.encode(hex.toUpperCase()));
    for (const alignment of [0, 1, 2] as const) {
      add("base64", base64Core(plain, alignment, false));
      add("base64url", base64Core(plain, alignment, true));
    }
    return dedupe(needles);
  }
  for (const form of decimalForms(canary)) add("decimal", utf8.encode(form), true);
  if (canary.scalar === ScalarType.DOUBLE && typeof canary.value === "number") add("plain", doubleBytes(canary.value));
  return dedupe(needles);
}

/** base64 and base64url agree when the core has no + or /; keep one needle per pattern. */
function dedupe(needles: Needle[]): Needle[] {
  const seen = new Set<string>();
  return needles.filter((n) => {
    const key = Buffer.from(n.bytes).toString("latin1");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
