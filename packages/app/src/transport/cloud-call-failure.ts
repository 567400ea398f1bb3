import { Code, ConnectError } from "@connectrpc/connect";
import { CloudCallError } from "../errors/cloud-call-error.js";

// Worth trying again later: the cloud was unreachable, slow, overloaded, or
// asked for a fresh token. Every other code means the request itself was refused.
const TRANSIENT: ReadonlySet<Code> = new Set([
  Code.Unavailable,
  Code.DeadlineExceeded,
  Code.ResourceExhausted,
  Code.Aborted,
  Code.Unknown,
  Code.Internal,
  Code.Canceled,
  Code.Unauthenticated,
]);

/** The typed error for a failed call; the cause's message (which can quote data) is dropped. */
export function cloudCallError(rpc: string, err: unknown): CloudCallError {
  if (err instanceof CloudCallError) return err;
  const code = err instanceof ConnectError ? err.code : ConnectError.from(err).code;
  return new CloudCallError(rpc, code, TRANSIENT.has(code));
}
