import { fieldPathText } from "../services/field-path-text.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { PolicyError, StatementError, ThirdPartyDirectValueError, UnknownMessageTypeError } from "@datapact/policy";
import { InvalidArgumentError } from "../storage/errors/invalid-argument-error.js";
import { StorageError } from "../storage/errors/storage-error.js";
import { RejectedRequestError } from "../services/errors/rejected-request-error.js";
import type { LogFields } from "./log-entry.js";

/** Options of {@link errorLogFields}. */
export interface ErrorLogOptions {
  /** Whether a message type name is one of the pact's: only those are logged, since a client chooses the name it sends. */
  readonly isKnownType?: (typeName: string) => boolean;
}


/**
 * What of an error may be logged: its class name, its stable code and the
 * structured ids it carries (violation, argument path, field path, known
 * type name). Never its message, which for errors from outside this
 * package (drivers, decoders, the runtime) can quote the data that caused
 * it.
 */
export function errorLogFields(err: unknown, options: ErrorLogOptions = {}): LogFields {
  const known = (t: string) => (options.isKnownType?.(t) ? t : undefined);
  if (err instanceof RejectedRequestError) return { errorName: err.name, errorCode: err.code, rpcCode: Code[err.rpcCode] };
  if (err instanceof StatementError) return { errorName: err.name, errorCode: err.code, violation: err.violation, messageType: known(err.typeName) };
  if (err instanceof ThirdPartyDirectValueError) return { errorName: err.name, errorCode: err.code, messageType: known(err.typeName), fieldPath: fieldPathText(err.path) };
  if (err instanceof UnknownMessageTypeError) return { errorName: err.name, errorCode: err.code };
  if (err instanceof PolicyError) return { errorName: err.name, errorCode: err.code };
  if (err instanceof InvalidArgumentError) return { errorName: err.name, errorCode: err.code, argument: err.argument };
  if (err instanceof StorageError) return { errorName: err.name, errorCode: err.code };
  if (err instanceof ConnectError) return { errorName: "ConnectError", rpcCode: Code[err.code] };
  if (err instanceof Error) {
    const typed = err as Error & { code?: unknown; failure?: unknown };
    return {
      errorName: err.name,
      errorCode: typeof typed.code === "string" && /^[A-Z_]{1,64}$/.test(typed.code) ? typed.code : undefined,
      failure: typeof typed.failure === "string" && /^[A-Z_]{1,64}$/.test(typed.failure) ? typed.failure : undefined,
    };
  }
  return { errorName: typeof err };
}
