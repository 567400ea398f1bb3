/** What changed in the consent store; listeners use it to stop at once what the change forbids. */
export type ConsentChange =
  | { readonly kind: "policy-adopted"; readonly scope: string }
  | { readonly kind: "receipt-recorded"; readonly scope: string }
  /**
   * `productId` "" is the general policy; `entirely` when no purpose of the
   * receipt is left (for the general policy: every product's consent went with it).
   */
  | { readonly kind: "withdrawn"; readonly productId: string; readonly entirely: boolean }
  | { readonly kind: "function"; readonly productId: string; readonly enabled: boolean }
  | { readonly kind: "upload-switch"; readonly productId: string; readonly enabled: boolean };

/** Called after a change is persisted; the change's promise waits for it. */
export type ConsentListener = (change: ConsentChange) => void | Promise<void>;
