import type { Invariant } from "../runner/invariant.js";

/**
 * Every invariant `datapact certify` checks, in report order. One module per
 * invariant lives beside this file (`<id-in-kebab-case>.ts`, its statement
 * and seed source in TSDoc) and is listed here.
 */
export const allInvariants: readonly Invariant[] = [];
