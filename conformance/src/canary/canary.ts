import { randomBytes } from "node:crypto";
import { ScalarType } from "@bufbuild/protobuf";
import type { StepRef } from "../protocol/step-ref.js";

/** The value of a canary, in protobuf-es's representation of its scalar type. */
export type CanaryValue = string | Uint8Array | number | bigint;

/** Options of {@link Canary.mint}. */
export interface MintOptions {
  /** The scalar type of the field the canary goes into. Default STRING. */
  readonly scalar?: ScalarType;
  /** The step that planted it, if known when minting. */
  readonly step?: StepRef;
  /** Full name of the message type the field belongs to. */
  readonly messageType?: string;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** Prefix of every string canary: lets a human spot one in a report or a dump. */
export const stringCanaryPrefix = "dpc_";

/** Entropy bytes a canary is derived from: enough for 100 bits in a string, 128 in bytes. */
export const canaryEntropyBytes = 16;

/**
 * A unique, high-entropy marker the kit puts into a guarded field (a
 * display-only text, a card number, an unconsented measurement), so that
 * finding it anywhere (a table, a log line, traffic, an export) proves where
 * that field's value went.
 *
 * - strings: `dpc_` and 20 base32 characters (100 random bits);
 * - bytes: 16 random bytes;
 * - numbers cannot carry much entropy, so numeric fields get rare values
 *   (10 or more decimal digits; doubles with 17 significant digits) and are
 *   also checked as field values inside decoded protobuf.
 * Bools and enums cannot be canaries.
 */
export class Canary {
  private constructor(
    /** Where the value was put, e.g. `frames[0].text` (map keys as `*`). */
    readonly fieldPath: string,
    readonly scalar: ScalarType,
    readonly value: CanaryValue,
    /** The step that planted it. */
    readonly step: StepRef | undefined,
    /** Full name of the message type of the field. */
    readonly messageType: string | undefined,
  ) {}

  /** A new canary for a field, from fresh random bytes. */
  static mint(fieldPath: string, options: MintOptions = {}): Canary {
    const scalar = options.scalar ?? ScalarType.STRING;
    return new Canary(fieldPath, scalar, canaryValue(scalar, randomBytes(canaryEntropyBytes)), options.step, options.messageType);
  }

  /**
   * The canary for a field whose value was already derived with
   * {@link canaryValue} (from fast-check's random source, so that a seed
   * replays the same markers).
   */
  static of(fieldPath: string, scalar: ScalarType, value: CanaryValue, options: Omit<MintOptions, "scalar"> = {}): Canary {
    return new Canary(fieldPath, scalar, value, options.step, options.messageType);
  }

  /** The same canary, planted at `step`. */
  plantedAt(step: StepRef): Canary {
    return new Canary(this.fieldPath, this.scalar, this.value, step, this.messageType);
  }

  /** A stable text form of the value (never printed in reports: it is the marker itself). */
  get key(): string {
    return canaryKey(this.scalar, this.value);
  }

  /** Whether the canary is numeric, and so also searched as protobuf field values. */
  get numeric(): boolean {
    return typeof this.value === "number" || typeof this.value === "bigint";
  }
}

/** Scalar types a canary can be made for. */
export function canCarryCanary(scalar: ScalarType): boolean {
  return scalar !== ScalarType.BOOL;
}

/** The key {@link Canary.key} of a value. */
export function canaryKey(scalar: ScalarType, value: CanaryValue): string {
  if (value instanceof Uint8Array) return `${scalar}:${Buffer.from(value).toString("hex")}`;
  return `${scalar}:${String(value)}`;
}

/**
 * The canary value of a scalar type derived from 16 entropy bytes
 * (deterministic, so fast-check's seed replays it).
 */
export function canaryValue(scalar: ScalarType, entropy: Uint8Array): CanaryValue {
  const view = new DataView(entropy.buffer, entropy.byteOffset, entropy.byteLength);
  const u64 = view.getBigUint64(0, true);
  const u32 = view.getUint32(8, true);
  switch (scalar) {
    case ScalarType.STRING:
      return stringCanaryPrefix + base32(entropy).slice(0, 20);
    case ScalarType.BYTES:
      return Uint8Array.from(entropy.subarray(0, canaryEntropyBytes));
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      // Ten decimal digits, positive: rare in text, distinct as a varint.
      return 1_000_000_000 + (u32 % 1_147_483_647);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return 1_000_000_000 + (u32 % 3_294_967_295);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return 1_000_000_000_000_000_000n + (u64 % 8_223_372_036_854_775_807n);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return 10_000_000_000_000_000_000n + (u64 % 8_446_744_073_709_551_615n);
    case ScalarType.DOUBLE:
      // 100000 to 999999 with random fraction bits (never none): 16 or 17 significant digits.
      return 100_000 + (u32 % 900_000) + Number((u64 >> 12n) | 1n) / 2 ** 52;
    case ScalarType.FLOAT:
      // A float32 keeps 4 fraction bits at this magnitude; the lowest is set so the value is never an integer.
      return Math.fround(100_000 + (u32 % 900_000) + Number((u64 >> 60n) | 1n) / 16);
    case ScalarType.BOOL:
      throw new RangeError("a bool cannot carry a canary");
  }
}

function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}
