import { cloud, Purpose } from "@datapact/proto";
import { PolicyDocumentError } from "../errors/policy-document-error.js";

/**
 * One version of a privacy policy the user can consent to. The seeds have
 * two kinds (000 §2.3): the General Privacy Policy of the app, and a
 * product's Separate Privacy Policy, which takes priority for that product.
 */
export interface PolicyDocument {
  /** `POLICY_KIND_GENERAL` or `POLICY_KIND_PRODUCT`. */
  readonly kind: cloud.PolicyKind;
  /** The product (ProductPolicy.id) of a product policy; "" for the general policy. */
  readonly productId: string;
  /** The version as published, e.g. "2026-03". */
  readonly version: string;
  /** The purposes this version asks consent for. */
  readonly purposes: readonly Purpose[];
  /**
   * Whether this version changes the previous one materially (000 §2.3: "If
   * we make a material change … we will send the notification"). A material
   * change suspends every purpose until the user consents again.
   */
  readonly material: boolean;
}

/** The policy a document belongs to: "general" or "product:<id>". Stable; used in storage. */
export function scopeOf(kind: cloud.PolicyKind, productId: string): string {
  return kind === cloud.PolicyKind.GENERAL ? "general" : `product:${productId}`;
}

/** Throws PolicyDocumentError when a document is not well formed. */
export function checkPolicyDocument(doc: PolicyDocument): void {
  const scope = scopeOf(doc.kind, doc.productId);
  const wellScoped =
    (doc.kind === cloud.PolicyKind.GENERAL && doc.productId === "") || (doc.kind === cloud.PolicyKind.PRODUCT && doc.productId !== "");
  if (!wellScoped || doc.version === "") throw new PolicyDocumentError("UNKNOWN_POLICY", scope, doc.version);
  if (doc.purposes.length === 0) throw new PolicyDocumentError("NO_PURPOSE", scope, doc.version);
  if (doc.purposes.some((p) => p === Purpose.UNSPECIFIED || Purpose[p] === undefined))
    throw new PolicyDocumentError("PURPOSE_NOT_DECLARED", scope, doc.version);
}
