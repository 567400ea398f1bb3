import { Code, type Interceptor } from "@connectrpc/connect";
import { RejectedRequestError } from "../services/errors/rejected-request-error.js";
import { bearerSecretHash, DEVICE_KEY_PREFIX, MANUFACTURER_KEY_PREFIX } from "./bearer-secret.js";
import type { DevicePrincipal, ManufacturerPrincipal, Principal } from "./principal.js";
import { principalKey } from "./principal-context.js";
import { UserTokens } from "./user-tokens.js";

/** The header that carries the UXIP per-install token (the app SDK's INSTALL_TOKEN_HEADER). */
export const INSTALL_TOKEN_HEADER = "x-datapact-install-token";

const INSTALL_TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
const BEARER = /^Bearer ([\x21-\x7e]{1,2048})$/;

/** How the interceptor turns credentials into principals. */
export interface CredentialResolvers {
  readonly userTokens: UserTokens;
  /** Whether the account a valid token names still exists. */
  subjectExists(subjectId: string): Promise<boolean>;
  /**
   * Whether the subject's data is stored where this node serves; absent on
   * a node that serves every location. A token of a subject stored
   * elsewhere is refused (FAILED_PRECONDITION CROSS_REGION_ACCESS) before
   * this node's database is asked anything about it.
   */
  residentHere?(subjectId: string): boolean;
  /** The device whose key hashes to `hash`, bound or since unbound. */
  deviceByKeyHash(hash: Uint8Array): Promise<DevicePrincipal | undefined>;
  /** The manufacturer whose API key hashes to `hash`. */
  manufacturerByKeyHash(hash: Uint8Array): Promise<ManufacturerPrincipal | undefined>;
}

function unauthenticated(message: string, code: "UNAUTHENTICATED" | "MIXED_CREDENTIALS" = "UNAUTHENTICATED"): RejectedRequestError {
  return new RejectedRequestError(Code.Unauthenticated, code, message);
}

/**
 * Resolves the caller of every call and puts it in the call's context
 * (principalKey): an account (`authorization: Bearer ut1.…`), a device
 * (`Bearer dk1.…`, the key issued at binding), a manufacturer (`Bearer
 * mk1.…`, its API key), an install enrolled in the improvement plan
 * (x-datapact-install-token, never together with an account's credentials,
 * so analytics cannot be linked on the way in), or nobody. Credentials that
 * are present but wrong fail the call with UNAUTHENTICATED before any
 * handler runs; handlers decide which kinds of caller they accept.
 */
export function createAuthInterceptor(resolvers: CredentialResolvers): Interceptor {
  const resolve = async (authorization: string | null, installToken: string | null): Promise<Principal> => {
    if (installToken !== null) {
      if (authorization !== null) throw unauthenticated("an install token never travels with other credentials", "MIXED_CREDENTIALS");
      if (!INSTALL_TOKEN.test(installToken)) throw unauthenticated("malformed install token");
      return { kind: "install", installToken };
    }
    if (authorization === null) return { kind: "anonymous" };
    const credential = BEARER.exec(authorization)?.[1];
    if (!credential) throw unauthenticated("authorization must be `Bearer <credential>`");
    if (UserTokens.looksLikeOne(credential)) {
      const subjectId = resolvers.userTokens.verify(credential);
      if (subjectId && resolvers.residentHere && !resolvers.residentHere(subjectId))
        throw new RejectedRequestError(Code.FailedPrecondition, "CROSS_REGION_ACCESS", "the account's data is stored in another location; this node does not serve it");
      if (!subjectId || !(await resolvers.subjectExists(subjectId))) throw unauthenticated("invalid or expired user token");
      return { kind: "user", subjectId };
    }
    if (credential.startsWith(DEVICE_KEY_PREFIX)) {
      const device = await resolvers.deviceByKeyHash(bearerSecretHash(credential));
      if (!device) throw unauthenticated("unknown device key");
      return device;
    }
    if (credential.startsWith(MANUFACTURER_KEY_PREFIX)) {
      const manufacturer = await resolvers.manufacturerByKeyHash(bearerSecretHash(credential));
      if (!manufacturer) throw unauthenticated("unknown manufacturer API key");
      return manufacturer;
    }
    throw unauthenticated("unrecognised credential");
  };
  return (next) => async (req) => {
    const principal = await resolve(req.header.get("authorization"), req.header.get(INSTALL_TOKEN_HEADER));
    req.contextValues.set(principalKey, principal);
    return next(req);
  };
}
