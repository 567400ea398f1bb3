import type { DescField } from "@bufbuild/protobuf";

/**
 * How a runtime's output differs from the reference at one place:
 * - `value`: the field holds something else (or is set on one side only);
 * - `wire-form`: the same value, written differently on the wire (packed or
 *   not, a map entry without its zero key, field order);
 * - `error`: the runtime refused the input altogether.
 */
export type DifferenceAspect = "value" | "wire-form" | "error";

/** One place where a runtime's output differs from the reference. */
export interface FieldDifference {
  /** Where, as protobuf-es `pathToString` writes it (`device.bound_at`, `days[0].mood`); empty for the whole message. */
  readonly path: string;
  /** The field at `path`; undefined for the whole message or a JSON member the schema does not have. */
  readonly field: DescField | undefined;
  readonly aspect: DifferenceAspect;
}

/** Full names of the well-known types whose JSON form is not an object of their fields. */
export function hasSpecialJson(typeName: string): boolean {
  return typeName.startsWith("google.protobuf.");
}
