export { Canary, canaryValue, canCarryCanary, stringCanaryPrefix, type CanaryValue, type MintOptions } from "./canary.js";
export { needlesOf, type CanaryEncoding, type Needle } from "./canary-needles.js";
export { NeedleIndex, type NeedleMatch } from "./needle-index.js";
export { parseProtobufFields, walkDecodedLayers, defaultDecodeLimits, type DecodedLayer, type DecodeLimits, type WireNumber } from "./decoded-layers.js";
export { findCanaries, anyCanaryIn, type CanaryHit, type FindCanariesOptions } from "./find-canaries.js";
export { CanaryRegistry, scalarOf } from "./canary-registry.js";
export { guardedFields, guardCandidate, type FieldSelector, type GuardCandidate } from "./guarded-fields.js";
export { canaryValueFor } from "./canary-value-for.js";
