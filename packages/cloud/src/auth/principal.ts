/** Who is calling, as the auth interceptor resolved it. */
export type Principal = AnonymousPrincipal | UserPrincipal | DevicePrincipal | ManufacturerPrincipal | InstallPrincipal;

/** No credentials: only account creation accepts it. */
export interface AnonymousPrincipal {
  readonly kind: "anonymous";
}

/** An account, by its bearer token. */
export interface UserPrincipal {
  readonly kind: "user";
  readonly subjectId: string;
}

/** A bound (or since unbound) device, by the key it was issued at binding. */
export interface DevicePrincipal {
  readonly kind: "device";
  readonly deviceId: string;
  /** The owner the device was bound to; "" for a retired device, whose owner's data was deleted. */
  readonly subjectId: string;
  readonly productId: string;
  /** False once unbound: such a device may only fetch its unbind and factory-reset commands. */
  readonly bound: boolean;
}

/** A third-party manufacturer's integration, by its API key. */
export interface ManufacturerPrincipal {
  readonly kind: "manufacturer";
  readonly manufacturerId: string;
}

/**
 * An app install enrolled in the user experience improvement plan, by its
 * random per-install token: never linked to an account.
 */
export interface InstallPrincipal {
  readonly kind: "install";
  readonly installToken: string;
}
