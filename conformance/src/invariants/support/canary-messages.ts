import { create, ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import fc from "fast-check";
import { canCarryCanary } from "../../canary/canary.js";
import { scalarOf, type CanaryRegistry } from "../../canary/canary-registry.js";
import { guardCandidate, type FieldSelector } from "../../canary/guarded-fields.js";

const MAX_DEPTH = 3;

/**
 * A 32-bit seed from two numbers, well mixed (murmur3's finalizer), so that
 * neighbouring seeds and indices never give the same canary value twice.
 */
export function mixSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

/**
 * A message of `schema` in which every field `guard` picks holds a canary
 * (lists one element, maps one entry, nested messages followed to depth 3,
 * the first guarded member of a oneof) and every other field is unset:
 * scripted checks plant every guarded field at once, deterministically from
 * `seed`. Undefined when the schema has no guarded field.
 */
export function messageWithCanaries(schema: DescMessage, canaries: CanaryRegistry, guard: FieldSelector, seed: number): Message | undefined {
  let n = 0;
  const canaryFor = (field: DescField): unknown => {
    const scalar = scalarOf(field)!;
    return fc.sample(canaries.arbitrary(scalar), { numRuns: 1, seed: mixSeed(seed, n++) })[0];
  };
  const guardedScalar = (field: DescField): boolean => {
    const scalar = scalarOf(field);
    return scalar !== undefined && canCarryCanary(scalar) && guard(guardCandidate(field));
  };
  const build = (desc: DescMessage, depth: number): Record<string, unknown> | undefined => {
    const init: Record<string, unknown> = {};
    let any = false;
    const valueOf = (field: DescField): unknown => {
      switch (field.fieldKind) {
        case "scalar":
          return guardedScalar(field) ? canaryFor(field) : undefined;
        case "list":
          if (field.listKind === "scalar") return guardedScalar(field) ? [canaryFor(field)] : undefined;
          if (field.listKind === "message" && depth < MAX_DEPTH) {
            const item = build(field.message, depth + 1);
            return item ? [create(field.message, item as never)] : undefined;
          }
          return undefined;
        case "map":
          if (field.mapKind === "scalar" && guardedScalar(field)) return { k: canaryFor(field) };
          if (field.mapKind === "message" && depth < MAX_DEPTH) {
            const item = build(field.message, depth + 1);
            return item ? { k: create(field.message, item as never) } : undefined;
          }
          return undefined;
        case "message": {
          if (depth >= MAX_DEPTH) return undefined;
          const item = build(field.message, depth + 1);
          return item ? create(field.message, item as never) : undefined;
        }
        default:
          return undefined;
      }
    };
    for (const member of desc.members) {
      if (member.kind === "oneof") {
        for (const f of member.fields) {
          const v = valueOf(f);
          if (v === undefined) continue;
          init[member.localName] = { case: f.localName, value: v };
          any = true;
          break;
        }
        continue;
      }
      // Map keys must be strings or numbers of the key type: only string-keyed maps get an entry.
      if (member.fieldKind === "map" && member.mapKey !== ScalarType.STRING) continue;
      const v = valueOf(member);
      if (v === undefined) continue;
      init[member.localName] = v;
      any = true;
    }
    return any ? init : undefined;
  };
  const init = build(schema, 0);
  return init ? create(schema, init as never) : undefined;
}
