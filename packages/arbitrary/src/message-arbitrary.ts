import { create, ScalarType, type DescField, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import fc from "fast-check";

/** Options of {@link messageArbitrary}. */
export interface MessageArbitraryOptions {
  /** How deep nested messages go; deeper fields stay unset. Default 3. */
  readonly maxDepth?: number;
  /** Longest list or map generated. Default 3. */
  readonly maxLength?: number;
  /**
   * Overrides the arbitrary of a field's values (list elements and map
   * values included). Return undefined to keep the default. The conformance
   * kit uses this to put canary markers into guarded fields.
   */
  readonly valueFor?: (field: DescField) => fc.Arbitrary<unknown> | undefined;
}

const REQUIRED = 3; // FeatureSet_FieldPresence.LEGACY_REQUIRED

const INT32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const UINT32 = fc.integer({ min: 0, max: 0xffffffff });
const INT64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
const UINT64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

/** The arbitrary of one scalar type, in protobuf-es's representation. */
export function scalarArbitrary(type: ScalarType): fc.Arbitrary<unknown> {
  switch (type) {
    case ScalarType.DOUBLE:
      return fc.double({ noNaN: true });
    case ScalarType.FLOAT:
      return fc.float({ noNaN: true });
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return INT32;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return UINT32;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return INT64;
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return UINT64;
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.STRING:
      return fc.string({ maxLength: 24, unit: "grapheme" });
    case ScalarType.BYTES:
      return fc.uint8Array({ maxLength: 24 });
  }
}

function mapKeyArbitrary(type: ScalarType): fc.Arbitrary<string> {
  // protobuf-es keeps map keys as object keys: strings, or their string form.
  if (type === ScalarType.STRING) return fc.string({ maxLength: 12 });
  if (type === ScalarType.BOOL) return fc.boolean().map(String);
  return (scalarArbitrary(type) as fc.Arbitrary<number | bigint>).map((k) => String(k));
}

// Valid ranges of the well-known types with range rules (their JSON forms reject the rest).
const TIMESTAMP_SECONDS = fc.bigInt({ min: -62_135_596_800n, max: 253_402_300_799n });
const DURATION_SECONDS = fc.bigInt({ min: -315_576_000_000n, max: 315_576_000_000n });
const NANOS = fc.integer({ min: 0, max: 999_999_999 });

function wellKnownArbitrary(desc: DescMessage): fc.Arbitrary<unknown> | undefined {
  switch (desc.typeName) {
    case "google.protobuf.Timestamp":
      return fc.record({ seconds: TIMESTAMP_SECONDS, nanos: NANOS }).map((init) => create(desc, init as never));
    case "google.protobuf.Duration":
      // Seconds and nanos carry the same sign.
      return fc
        .record({ seconds: DURATION_SECONDS, nanos: NANOS })
        .map(({ seconds, nanos }) => create(desc, { seconds, nanos: seconds < 0n ? -nanos : seconds === 0n ? 0 : nanos } as never));
    case "google.protobuf.Any":
      // A packed message must name a type some registry knows; an empty Any is always valid.
      return fc.constant(create(desc));
    default:
      return undefined;
  }
}

const WRAPPERS = new Set(
  ["Double", "Float", "Int64", "UInt64", "Int32", "UInt32", "Bool", "String", "Bytes"].map((n) => `google.protobuf.${n}Value`),
);

/**
 * Random messages of `schema`, derived from its descriptor alone: every
 * scalar kind (64-bit values as bigint), enums from their declared values,
 * nested messages to `maxDepth`, lists, maps, oneofs and optional fields,
 * each sometimes unset. Built with `create`, so they are valid messages.
 */
export function messageArbitrary<Desc extends DescMessage>(schema: Desc, options: MessageArbitraryOptions = {}): fc.Arbitrary<MessageShape<Desc>> {
  const maxDepth = options.maxDepth ?? 3;
  const maxLength = options.maxLength ?? 3;
  const cache = new Map<string, fc.Arbitrary<unknown>>();

  const singular = (field: DescField, depth: number): fc.Arbitrary<unknown> | undefined => {
    const override = options.valueFor?.(field);
    if (override) return override;
    switch (field.fieldKind) {
      case "scalar":
        return scalarArbitrary(field.scalar);
      case "enum":
        return fc.constantFrom(...field.enum.values.map((v) => v.number));
      case "message":
        // protobuf-es holds a singular wrapper field as its plain value.
        if (!field.oneof && WRAPPERS.has(field.message.typeName)) return scalarArbitrary(field.message.fields[0]!.scalar!);
        return depth < maxDepth ? messageOf(field.message, depth + 1) : undefined;
      case "list":
        if (field.listKind === "scalar") return scalarArbitrary(field.scalar);
        if (field.listKind === "enum") return fc.constantFrom(...field.enum.values.map((v) => v.number));
        return depth < maxDepth ? messageOf(field.message, depth + 1) : undefined;
      case "map":
        if (field.mapKind === "scalar") return scalarArbitrary(field.scalar);
        if (field.mapKind === "enum") return fc.constantFrom(...field.enum.values.map((v) => v.number));
        return depth < maxDepth ? messageOf(field.message, depth + 1) : undefined;
    }
  };

  const fieldValue = (field: DescField, depth: number): fc.Arbitrary<unknown> | undefined => {
    const element = singular(field, depth);
    if (!element) return undefined;
    if (field.fieldKind === "list") return fc.array(element, { maxLength });
    if (field.fieldKind === "map") return fc.dictionary(mapKeyArbitrary(field.mapKey), element, { maxKeys: maxLength }) as fc.Arbitrary<unknown>;
    return element;
  };

  const messageOf = (desc: DescMessage, depth: number): fc.Arbitrary<unknown> => {
    const key = `${desc.typeName}@${depth}`;
    let arb = cache.get(key);
    if (arb) return arb;
    const wellKnown = wellKnownArbitrary(desc);
    if (wellKnown) return wellKnown;
    const parts: Record<string, fc.Arbitrary<unknown>> = {};
    for (const member of desc.members) {
      if (member.kind === "oneof") {
        const cases = member.fields
          .map((f) => {
            const v = fieldValue(f, depth);
            return v?.map((value) => ({ case: f.localName, value }));
          })
          .filter((a): a is fc.Arbitrary<{ case: string; value: unknown }> => a !== undefined);
        parts[member.localName] = fc.oneof(fc.constant({ case: undefined }), ...cases);
        continue;
      }
      const v = fieldValue(member, depth);
      // proto2 `required` fields must be set for the message to encode.
      if (v) parts[member.localName] = member.presence === REQUIRED ? v : fc.option(v, { nil: undefined, freq: 3 });
    }
    arb = fc.record(parts).map((init) => create(desc, init as never));
    cache.set(key, arb);
    return arb;
  };

  return messageOf(schema, 0) as fc.Arbitrary<MessageShape<Desc>>;
}
