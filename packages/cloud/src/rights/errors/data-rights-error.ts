import type { Code } from "@connectrpc/connect";

/**
 * Base class of the data-rights engine's refusals. Each carries a stable
 * `code` (clients and the conformance kit branch on it) and the RPC status
 * it maps to. Messages name ids, products and argument paths, never values.
 */
export abstract class DataRightsError extends Error {
  /** Stable machine-readable code, e.g. `DELETION_JOB_NOT_FOUND`. */
  abstract readonly code: string;
  /** The Connect status a client receives. */
  abstract readonly rpcCode: Code;
}
