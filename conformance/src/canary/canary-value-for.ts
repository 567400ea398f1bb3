import type { DescField } from "@bufbuild/protobuf";
import type fc from "fast-check";
import { canCarryCanary } from "./canary.js";
import { scalarOf, type CanaryRegistry } from "./canary-registry.js";
import { guardCandidate, type FieldSelector } from "./guarded-fields.js";

/**
 * A `valueFor` hook for `messageArbitrary` (@datapact/arbitrary): fields the
 * selector picks get canary values from `registry`; every other field keeps
 * its ordinary random values. Bools, enums and messages are never canaries.
 *
 * @example
 * const registry = new CanaryRegistry();
 * const frames = messageArbitrary(schema, { valueFor: canaryValueFor(registry, guardedFields.displayOnly) });
 */
export function canaryValueFor(registry: CanaryRegistry, select: FieldSelector): (field: DescField) => fc.Arbitrary<unknown> | undefined {
  return (field) => {
    const scalar = scalarOf(field);
    if (scalar === undefined || !canCarryCanary(scalar)) return undefined;
    return select(guardCandidate(field)) ? registry.arbitrary(scalar) : undefined;
  };
}
