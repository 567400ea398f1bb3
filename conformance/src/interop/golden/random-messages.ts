import { create, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { DurationSchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { messageArbitrary } from "@datapact/arbitrary";
import fc from "fast-check";

/** Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range Timestamp JSON can write. */
const TIMESTAMP_SECONDS = { min: -62135596800n, max: 253402300799n };
/** ±10,000 years: the range Duration JSON can write. */
const DURATION_SECONDS = 315576000000n;

const timestamps = fc
  .record({ seconds: fc.bigInt(TIMESTAMP_SECONDS), nanos: fc.integer({ min: 0, max: 999_999_999 }) })
  .map((init) => create(TimestampSchema, init));

// A Duration's nanos carry the sign of its seconds (or any sign when seconds is 0).
const durations = fc
  .record({ seconds: fc.bigInt({ min: -DURATION_SECONDS, max: DURATION_SECONDS }), nanos: fc.integer({ min: 0, max: 999_999_999 }), negative: fc.boolean() })
  .map(({ seconds, nanos, negative }) =>
    create(DurationSchema, { seconds, nanos: seconds < 0n || (seconds === 0n && negative) ? -nanos : nanos }),
  );

/**
 * A `valueFor` for `messageArbitrary`: Timestamp and Duration fields get
 * only values their JSON form can write (a Timestamp within years 1-9999,
 * nanos with the sign of a Duration's seconds); other fields keep their
 * default arbitrary.
 */
export function jsonSafeWellKnown(field: DescField): fc.Arbitrary<unknown> | undefined {
  const message = field.fieldKind === "message" ? field.message : field.fieldKind === "list" || field.fieldKind === "map" ? field.message : undefined;
  if (message?.typeName === TimestampSchema.typeName) return timestamps;
  if (message?.typeName === DurationSchema.typeName) return durations;
  return undefined;
}

/**
 * `count` random messages of `schema` from `@datapact/arbitrary`'s
 * `messageArbitrary`, drawn with `seed`: the same seed gives the same
 * messages (for a given fast-check version).
 */
export function randomMessages(schema: DescMessage, seed: number, count: number): Message[] {
  return fc.sample(messageArbitrary(schema, { valueFor: jsonSafeWellKnown }), { seed, numRuns: count }) as Message[];
}
