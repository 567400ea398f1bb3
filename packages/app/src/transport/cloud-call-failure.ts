import { Code, ConnectError } from "@connectrpc/connect";
import { CloudCallError, refusedForSize } from "../errors/cloud-call-error.js";

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

/** The header a pact cloud puts its stable refusal reason in (BATCH_TOO_LARGE, CONSENT_WITHDRAWN …). */
export const REASON_HEADER = "x-datapact-reason";

const REASON = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * The typed error for a failed call; the cause's message (which can quote
 * data) is dropped, the cloud's reason code kept. A refusal for size is not
 * transient: the same request would be refused again.
 */
export function cloudCallError(rpc: string, err: unknown): CloudCallError {
  if (err instanceof CloudCallError) return err;
  const connectError = err instanceof ConnectError ? err : ConnectError.from(err);
  const reason = connectError.metadata.get(REASON_HEADER) ?? undefined;
  const checkedReason = reason !== undefined && REASON.test(reason) ? reason : undefined;
  const transient = TRANSIENT.has(connectError.code) && !refusedForSize(connectError.code, checkedReason);
  return new CloudCallError(rpc, connectError.code, transient, checkedReason);
}
