export type { AnonymousPrincipal, DevicePrincipal, InstallPrincipal, ManufacturerPrincipal, Principal, UserPrincipal } from "./principal.js";
export { principalKey, principalOf, requireDevice, requireManufacturer, requireUser } from "./principal-context.js";
export { UserTokens, type IssuedUserToken, type UserTokensOptions } from "./user-tokens.js";
export { bearerSecretHash, DEVICE_KEY_PREFIX, MANUFACTURER_KEY_PREFIX, newBearerSecret } from "./bearer-secret.js";
export { createAuthInterceptor, INSTALL_TOKEN_HEADER, type CredentialResolvers } from "./auth-interceptor.js";
