import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { principalKey } from "../auth/principal-context.js";
import type { Principal } from "../auth/principal.js";
import type { CloudLogger } from "./cloud-logger.js";
import { errorLogFields, type ErrorLogOptions } from "./error-log-fields.js";
import type { LogFields } from "./log-entry.js";

/** The ids of a caller that may be logged. The install token is not one: it is the improvement plan's pseudonym, and logs sit beside addresses and times that could re-link it. */
function principalFields(p: Principal): LogFields {
  switch (p.kind) {
    case "user":
      return { principal: "user", subjectId: p.subjectId };
    case "device":
      return { principal: "device", subjectId: p.subjectId || undefined, deviceId: p.deviceId };
    case "manufacturer":
      return { principal: "manufacturer", manufacturerId: p.manufacturerId };
    default:
      return { principal: p.kind };
  }
}

/** Options of {@link createRpcLogInterceptor}. */
export interface RpcLogOptions extends ErrorLogOptions {
  /**
   * Turns whatever a handler threw into the error the client receives. It
   * runs after the failure is logged, so the log keeps the typed error's
   * ids. Default: rethrow as is.
   */
  readonly mapError?: (err: unknown) => unknown;
  /** Milliseconds from an arbitrary origin, for durations. */
  readonly now?: () => number;
}

/**
 * Logs every call once it ends: procedure, caller ids, duration and the
 * status code, and for a failure what {@link errorLogFields} allows. Place
 * it first, before the auth interceptor, so refused credentials are logged
 * (and mapped) too.
 */
export function createRpcLogInterceptor(logger: CloudLogger, options: RpcLogOptions = {}): Interceptor {
  const now = options.now ?? (() => performance.now());
  const mapError = options.mapError ?? ((err: unknown) => err);
  return (next) => async (req) => {
    const started = now();
    const procedure = `${req.service.typeName}/${req.method.name}`;
    try {
      const res = await next(req);
      logger.log("info", "rpc.finished", { procedure, code: "OK", durationMs: Math.round(now() - started), ...principalFields(req.contextValues.get(principalKey)) });
      return res;
    } catch (err) {
      const mapped = mapError(err);
      const code = mapped instanceof ConnectError ? mapped.code : Code.Internal;
      const level = code === Code.Internal || code === Code.Unknown || code === Code.Unavailable ? "error" : "warn";
      logger.log(level, "rpc.failed", {
        procedure,
        code: Code[code],
        durationMs: Math.round(now() - started),
        ...principalFields(req.contextValues.get(principalKey)),
        ...errorLogFields(err, options),
      });
      throw mapped;
    }
  };
}
