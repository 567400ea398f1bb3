import { ScalarType, type DescField } from "@bufbuild/protobuf";
import { codecNames, type CodecName } from "../codec/wire-codec.js";
import type { DifferenceAspect } from "./field-difference.js";
import type { Direction, ObservedDifference } from "./observed-difference.js";

/**
 * Which fields a known difference is about:
 * - a message type's full name (`google.protobuf.Timestamp`): fields of that
 *   type, singular, repeated or map values;
 * - `enum`: enum fields, singular, repeated or map values;
 * - `packable-list`: repeated fields of a numeric scalar or enum type (the
 *   ones proto3 writes packed);
 * - `map`: map fields;
 * - a scalar type as the .proto file writes it (`double`, `uint64`,
 *   `string`): fields of that type, singular, repeated or map values;
 * - `whole-message`: the message as a whole (a runtime that refuses it, or
 *   fields in another order).
 */
export type FieldSelector = "enum" | "packable-list" | "map" | "whole-message" | ScalarTypeName | `google.protobuf.${string}` | `datapact.${string}`;

/** Scalar types by their .proto name. */
const scalarTypeNames = {
  double: ScalarType.DOUBLE,
  float: ScalarType.FLOAT,
  int64: ScalarType.INT64,
  uint64: ScalarType.UINT64,
  int32: ScalarType.INT32,
  fixed64: ScalarType.FIXED64,
  fixed32: ScalarType.FIXED32,
  bool: ScalarType.BOOL,
  string: ScalarType.STRING,
  bytes: ScalarType.BYTES,
  uint32: ScalarType.UINT32,
  sfixed32: ScalarType.SFIXED32,
  sfixed64: ScalarType.SFIXED64,
  sint32: ScalarType.SINT32,
  sint64: ScalarType.SINT64,
} as const;

/** A scalar type's name in .proto syntax. */
export type ScalarTypeName = keyof typeof scalarTypeNames;

function scalarOf(field: DescField): ScalarType | undefined {
  if (field.fieldKind === "scalar") return field.scalar;
  if (field.fieldKind === "list" && field.listKind === "scalar") return field.scalar;
  if (field.fieldKind === "map" && field.mapKind === "scalar") return field.scalar;
  return undefined;
}

/**
 * One way a runtime legitimately differs from the reference, recorded as data
 * in `conformance/golden/known-differences.json` and reviewed like code (as
 * the Protobuf conformance suite's failure lists are). A difference the
 * runtimes show that no entry explains fails the interop tests; so does an
 * entry that no longer explains what it says it does.
 */
export interface KnownDifference {
  /** Stable id: `<codec>/<what>`. */
  readonly id: string;
  readonly codec: CodecName;
  readonly direction: Direction;
  readonly aspect: DifferenceAspect;
  readonly fields: FieldSelector;
  /**
   * Only in these vectors: a name matches itself and its oneof variants
   * (`open-enum` matches `open-enum.oneof-case-2`). Absent: any vector.
   */
  readonly vectors?: readonly string[];
  /** Why the runtime differs, what it means for data, and what to do about it. */
  readonly explanation: string;
  /** Where the behaviour comes from, upstream (source file, issue). */
  readonly upstream?: string;
  /** How many differences in the golden vectors this entry explains; kept current by `write-golden`. */
  readonly occurrences: number;
  /** A few of them, `<type>/<vector>: <path>`; kept current by `write-golden`. */
  readonly examples: readonly string[];
}

/** The content of `known-differences.json`. */
export interface KnownDifferencesFile {
  readonly $comment?: string;
  readonly differences: readonly KnownDifference[];
}

/** `known-differences.json` does not have the shape {@link KnownDifferencesFile} describes. */
export class InvalidKnownDifferencesError extends Error {
  override readonly name = "InvalidKnownDifferencesError";
  constructor(readonly problems: readonly string[]) {
    super(`known-differences.json: ${problems.join("; ")}`);
  }
}

const directions: readonly string[] = ["encode", "decode"];
const aspects: readonly string[] = ["value", "wire-form", "error"];
const selectorWords: readonly string[] = ["enum", "packable-list", "map", "whole-message", ...Object.keys(scalarTypeNames)];

/**
 * Checks the parsed content of `known-differences.json`.
 *
 * @throws {InvalidKnownDifferencesError} listing every problem found.
 */
export function parseKnownDifferences(content: unknown): KnownDifferencesFile {
  const problems: string[] = [];
  const list = (content as KnownDifferencesFile | undefined)?.differences;
  if (!Array.isArray(list)) throw new InvalidKnownDifferencesError(["no `differences` array"]);
  const ids = new Set<string>();
  list.forEach((d: KnownDifference, i) => {
    const at = `differences[${i}]${typeof d?.id === "string" ? ` (${d.id})` : ""}`;
    if (typeof d?.id !== "string" || d.id === "") problems.push(`${at}: no id`);
    else if (ids.has(d.id)) problems.push(`${at}: duplicate id`);
    else ids.add(d.id);
    if (!(codecNames as readonly string[]).includes(d?.codec)) problems.push(`${at}: codec must be one of ${codecNames.join(", ")}`);
    if (!directions.includes(d?.direction)) problems.push(`${at}: direction must be encode or decode`);
    if (!aspects.includes(d?.aspect)) problems.push(`${at}: aspect must be one of ${aspects.join(", ")}`);
    if (typeof d?.fields !== "string" || !(selectorWords.includes(d.fields) || /^[a-z_][\w.]*\.[A-Z]\w*$/.test(d.fields))) {
      problems.push(`${at}: fields must be one of ${selectorWords.join(", ")} or a message type's full name`);
    }
    if (d?.vectors !== undefined && (!Array.isArray(d.vectors) || d.vectors.some((v) => typeof v !== "string"))) problems.push(`${at}: vectors must be a list of vector names`);
    if (typeof d?.explanation !== "string" || d.explanation.trim().length < 40) problems.push(`${at}: explanation must say why (40 characters at least)`);
    if (!Number.isInteger(d?.occurrences)) problems.push(`${at}: occurrences must be a whole number`);
    if (!Array.isArray(d?.examples)) problems.push(`${at}: examples must be a list`);
  });
  if (problems.length > 0) throw new InvalidKnownDifferencesError(problems);
  return content as KnownDifferencesFile;
}

function elementMessage(field: DescField): string | undefined {
  if (field.fieldKind === "message") return field.message.typeName;
  if ((field.fieldKind === "list" || field.fieldKind === "map") && field.message) return field.message.typeName;
  return undefined;
}

function isEnumField(field: DescField): boolean {
  return field.fieldKind === "enum" || ((field.fieldKind === "list" || field.fieldKind === "map") && field.enum !== undefined);
}

function isPackableList(field: DescField): boolean {
  if (field.fieldKind !== "list") return false;
  if (field.listKind === "enum") return true;
  // Strings and bytes are never packed; every other scalar can be.
  return field.listKind === "scalar" && field.scalar !== ScalarType.STRING && field.scalar !== ScalarType.BYTES;
}

/** The narrowest selector that covers `field`: what a new entry for a difference of `aspect` there would say. */
export function selectorFor(field: DescField | undefined, aspect: DifferenceAspect): FieldSelector {
  if (!field) return "whole-message";
  if (aspect === "wire-form" && isPackableList(field)) return "packable-list";
  if (aspect === "wire-form" && field.fieldKind === "map") return "map";
  const message = elementMessage(field);
  if (message) return message as FieldSelector;
  if (isEnumField(field)) return "enum";
  if (isPackableList(field)) return "packable-list";
  if (field.fieldKind === "map") return "map";
  const scalar = scalarOf(field);
  return (Object.keys(scalarTypeNames) as ScalarTypeName[]).find((name) => scalarTypeNames[name] === scalar) ?? "whole-message";
}

/** Whether `selector` covers `field` (undefined: the whole message). */
export function selects(selector: FieldSelector, field: DescField | undefined): boolean {
  if (selector === "whole-message") return field === undefined;
  if (!field) return false;
  switch (selector) {
    case "enum":
      return isEnumField(field);
    case "packable-list":
      return isPackableList(field);
    case "map":
      return field.fieldKind === "map";
    default:
      if (selector in scalarTypeNames) return scalarOf(field) === scalarTypeNames[selector as ScalarTypeName];
      return elementMessage(field) === selector;
  }
}

function inVectors(known: KnownDifference, vector: string): boolean {
  return known.vectors === undefined || known.vectors.some((v) => vector === v || vector.startsWith(`${v}.`));
}

/**
 * Whether `known` explains `observed`. With `anyVector`, an entry's vector
 * list is not consulted: for messages outside the golden set (random ones in
 * a property test), which have no vector name an entry could list.
 */
export function explains(known: KnownDifference, observed: ObservedDifference, options: { readonly anyVector?: boolean } = {}): boolean {
  return (
    known.codec === observed.codec &&
    known.direction === observed.direction &&
    known.aspect === observed.aspect &&
    selects(known.fields, observed.field) &&
    (options.anyVector === true || inVectors(known, observed.vector))
  );
}

/** `<type>/<vector>: <path>`, how an example is written. */
export function describeDifference(d: ObservedDifference): string {
  return `${d.typeName}/${d.vector}: ${d.path === "" ? "(message)" : d.path}`;
}

/** How the observed differences line up with the known ones. */
export interface DifferenceTally {
  /** Differences no entry explains. */
  readonly unexplained: readonly ObservedDifference[];
  /** Differences more than one entry explains, with the ids. */
  readonly ambiguous: readonly { readonly difference: ObservedDifference; readonly ids: readonly string[] }[];
  /** Per entry id, the differences it explains, in observation order. */
  readonly explainedBy: ReadonlyMap<string, readonly ObservedDifference[]>;
}

/** Assigns every observed difference to the one known difference that explains it. */
export function tallyDifferences(known: readonly KnownDifference[], observed: Iterable<ObservedDifference>): DifferenceTally {
  const unexplained: ObservedDifference[] = [];
  const ambiguous: { difference: ObservedDifference; ids: string[] }[] = [];
  const explainedBy = new Map<string, ObservedDifference[]>(known.map((k) => [k.id, []]));
  for (const difference of observed) {
    const matching = known.filter((k) => explains(k, difference));
    if (matching.length === 0) unexplained.push(difference);
    else if (matching.length > 1) ambiguous.push({ difference, ids: matching.map((k) => k.id) });
    else explainedBy.get(matching[0].id)!.push(difference);
  }
  return { unexplained, ambiguous, explainedBy };
}

/** How many examples `write-golden` keeps per entry. */
export const examplesPerDifference = 3;

/** Up to {@link examplesPerDifference} differences, from as many different types as there are. */
export function examplesOf(explained: readonly ObservedDifference[]): string[] {
  const picked: ObservedDifference[] = [];
  const types = new Set<string>();
  for (const d of explained) {
    if (picked.length === examplesPerDifference) break;
    if (types.has(d.typeName)) continue;
    types.add(d.typeName);
    picked.push(d);
  }
  for (const d of explained) {
    if (picked.length === examplesPerDifference) break;
    if (!picked.includes(d)) picked.push(d);
  }
  return picked.map(describeDifference);
}

/**
 * The entries with `occurrences` and `examples` recomputed from `tally`:
 * what `write-golden` writes back, and what the tests expect to find.
 */
export function refreshedKnownDifferences(known: readonly KnownDifference[], tally: DifferenceTally): KnownDifference[] {
  return known.map((k) => {
    const explained = tally.explainedBy.get(k.id) ?? [];
    return { ...k, occurrences: explained.length, examples: examplesOf(explained) };
  });
}
