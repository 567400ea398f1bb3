export * from "./errors/index.js";
export { derivePairwiseId } from "./pairwise-id-derivation.js";
export { PairwiseIdentifiers, type PairwiseAuthorization, type PairwiseIdentifiersOptions } from "./pairwise-identifiers.js";
export { checkedRegion, createSubject, findSubject, type Subject } from "./subjects.js";
export { PAIRWISE_SECRET_ENV_VARIABLE, pairwiseSecretFromEnv } from "./pairwise-secret-from-env.js";
