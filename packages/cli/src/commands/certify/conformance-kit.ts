import type { runCertification } from "@datapact/conformance";

/** The part of @datapact/conformance this command uses. */
export interface ConformanceKit {
  readonly runCertification: typeof runCertification;
}

/** Loads the conformance kit. Tests pass their own. */
export type LoadConformanceKit = () => Promise<ConformanceKit>;

/**
 * Loads @datapact/conformance when `certify` runs, not when the CLI starts:
 * the kit (PGlite, pg, Connect, fast-check) is heavy, and `lint` and
 * `inventory` do not need it.
 */
export const loadConformanceKit: LoadConformanceKit = () => import("@datapact/conformance");
