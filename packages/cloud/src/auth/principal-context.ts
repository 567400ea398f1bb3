import { Code, createContextKey, type HandlerContext } from "@connectrpc/connect";
import { RejectedRequestError } from "../services/errors/rejected-request-error.js";
import type { DevicePrincipal, ManufacturerPrincipal, Principal, UserPrincipal } from "./principal.js";

/** The context value the auth interceptor sets on every call. */
export const principalKey = createContextKey<Principal>({ kind: "anonymous" }, { description: "datapact principal" });

/** The caller of a handler. */
export function principalOf(ctx: HandlerContext): Principal {
  return ctx.values.get(principalKey);
}

function wrongPrincipal(wanted: string, got: Principal): RejectedRequestError {
  return got.kind === "anonymous"
    ? new RejectedRequestError(Code.Unauthenticated, "UNAUTHENTICATED", `this call needs ${wanted} credentials`)
    : new RejectedRequestError(Code.PermissionDenied, "WRONG_PRINCIPAL", `this call is for ${wanted}s, not ${got.kind}s`);
}

/** The calling account; UNAUTHENTICATED without credentials, PERMISSION_DENIED for another kind of caller. */
export function requireUser(ctx: HandlerContext): UserPrincipal {
  const p = principalOf(ctx);
  if (p.kind !== "user") throw wrongPrincipal("user", p);
  return p;
}

/** The calling device, bound or not. */
export function requireDevice(ctx: HandlerContext): DevicePrincipal {
  const p = principalOf(ctx);
  if (p.kind !== "device") throw wrongPrincipal("device", p);
  return p;
}

/** The calling manufacturer integration. */
export function requireManufacturer(ctx: HandlerContext): ManufacturerPrincipal {
  const p = principalOf(ctx);
  if (p.kind !== "manufacturer") throw wrongPrincipal("manufacturer", p);
  return p;
}
