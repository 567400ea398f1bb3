import { Code, ConnectError } from "@connectrpc/connect";
import { PolicyError } from "@datapact/policy";
import { KeyDestroyedError } from "../keys/errors/key-destroyed-error.js";
import { RejectedRequestError } from "../services/errors/rejected-request-error.js";
import { InvalidArgumentError } from "../storage/errors/invalid-argument-error.js";
import { InvalidPageTokenError } from "../storage/errors/invalid-page-token-error.js";
import { StorageError } from "../storage/errors/storage-error.js";
import { UnknownSubjectError } from "../storage/errors/unknown-subject-error.js";

/** The header a refused call carries its stable reason in (RejectedRequestError.code, PolicyError.code …). */
export const REASON_HEADER = "x-datapact-reason";

function withReason(message: string, code: Code, reason: string): ConnectError {
  return new ConnectError(message, code, { [REASON_HEADER]: reason });
}

/**
 * The error a client receives for whatever a handler threw. Typed errors of
 * this package, the policy engine and the storage layer keep their messages
 * (which name ids, paths and rules, never values) and map to their status;
 * anything else becomes INTERNAL with no detail at all, since a driver's or
 * decoder's message can quote data.
 */
export function connectErrorFrom(err: unknown): ConnectError {
  if (err instanceof ConnectError) return err;
  if (err instanceof RejectedRequestError) return withReason(err.message, err.rpcCode, err.code);
  // StatementError, UnknownMessageTypeError, ThirdPartyDirectValueError: the record claims more than its schema allows.
  if (err instanceof PolicyError) return withReason(err.message, Code.InvalidArgument, err.code);
  if (err instanceof InvalidArgumentError || err instanceof InvalidPageTokenError) return withReason(err.message, Code.InvalidArgument, err.code);
  if (err instanceof UnknownSubjectError) return withReason("the account no longer exists", Code.Unauthenticated, err.code);
  if (err instanceof KeyDestroyedError) return withReason("the account's data was deleted", Code.FailedPrecondition, err.code);
  if (err instanceof StorageError) return withReason("storage failed", Code.Internal, err.code);
  const typed = err as { name?: unknown; failure?: unknown } | null;
  // The device SDK's BindingProofError (its own class, matched by name so a
  // second copy of the package cannot slip past).
  if (typed && typed.name === "BindingProofError" && typeof typed.failure === "string") {
    const malformed = typed.failure === "MALFORMED" || typed.failure === "INVALID_FIELD";
    return withReason(`binding proof refused: ${typed.failure}`, malformed ? Code.InvalidArgument : Code.PermissionDenied, "BINDING_PROOF_REFUSED");
  }
  return new ConnectError("internal error", Code.Internal);
}
