import { Purpose } from "@datapact/proto";

/**
 * What the user has agreed to and switched on, as the policy engine needs to
 * know it. The app SDK's consent store implements this from its receipts;
 * tests and the cloud build snapshots with {@link consentSnapshot}.
 */
export interface ConsentState {
  /** Whether the user consented to `purpose` for `productId` under the policy in force. */
  allowsPurpose(productId: string, purpose: Purpose): boolean;
  /** Whether the user turned on `fn` of `productId`; asked for functions that are off by default. */
  isFunctionEnabled(productId: string, fn: string): boolean;
  /**
   * Whether the user turned off `fn` of `productId`; asked for functions that
   * are on by default. Optional: a state without it never switches such a
   * function off.
   */
  isFunctionDisabled?(productId: string, fn: string): boolean;
  /** Whether the per-function upload switch `name` of `productId` is on. Switches default to on. */
  isUploadEnabled(productId: string, name: string): boolean;
}

/** The consent of one product in a {@link consentSnapshot}. */
export interface ProductConsent {
  readonly purposes?: readonly Purpose[];
  /** Functions the user turned on. */
  readonly enabledFunctions?: readonly string[];
  /** Functions on by default that the user turned off. */
  readonly disabledFunctions?: readonly string[];
  /** Upload switches the user turned off. */
  readonly disabledUploads?: readonly string[];
}

class ConsentSnapshot implements ConsentState {
  private readonly products: ReadonlyMap<string, { purposes: Set<Purpose>; fns: Set<string>; fnsOff: Set<string>; uploadsOff: Set<string> }>;
  constructor(products: Readonly<Record<string, ProductConsent>>) {
    this.products = new Map(
      Object.entries(products).map(([id, c]) => [
        id,
        {
          purposes: new Set(c.purposes ?? []),
          fns: new Set(c.enabledFunctions ?? []),
          fnsOff: new Set(c.disabledFunctions ?? []),
          uploadsOff: new Set(c.disabledUploads ?? []),
        },
      ]),
    );
  }
  allowsPurpose(productId: string, purpose: Purpose): boolean {
    return this.products.get(productId)?.purposes.has(purpose) ?? false;
  }
  isFunctionEnabled(productId: string, fn: string): boolean {
    return this.products.get(productId)?.fns.has(fn) ?? false;
  }
  isFunctionDisabled(productId: string, fn: string): boolean {
    return this.products.get(productId)?.fnsOff.has(fn) ?? false;
  }
  isUploadEnabled(productId: string, name: string): boolean {
    return !(this.products.get(productId)?.uploadsOff.has(name) ?? false);
  }
}

/**
 * An immutable consent state from plain data, keyed by product id. Products
 * not listed have consented to nothing.
 */
export function consentSnapshot(products: Readonly<Record<string, ProductConsent>>): ConsentState {
  return new ConsentSnapshot(products);
}

/** Consent to nothing at all: only functions that need no consent would run (none do). */
export const noConsent: ConsentState = consentSnapshot({});
