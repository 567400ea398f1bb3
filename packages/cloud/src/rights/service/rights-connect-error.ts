import { ConnectError } from "@connectrpc/connect";
import { REASON_HEADER } from "../../server/connect-error-from.js";
import { DataRightsError } from "../errors/data-rights-error.js";

/**
 * The engine's refusals as the client receives them: their status and, in
 * the reason header, their stable code. Anything else passes unchanged to
 * the server's mapper (connectErrorFrom), which knows the policy's and the
 * storage layer's errors.
 */
export function rightsConnectError(err: unknown): unknown {
  if (err instanceof DataRightsError) return new ConnectError(err.message, err.rpcCode, { [REASON_HEADER]: err.code });
  return err;
}
