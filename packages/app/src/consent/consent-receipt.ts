import type { cloud, Purpose } from "@datapact/proto";

/** A purpose withdrawn from a receipt, and when. */
export interface WithdrawnPurpose {
  readonly purpose: Purpose;
  readonly at: Date;
}

/**
 * Proof that the user consented to purposes under one version of one policy
 * (seed mechanisms M001, M172): which policy (general or a product's), which
 * version, which purposes, which product, when given and when withdrawn.
 * The id is the cloud's, so records can cite it in their DataUseStatement.
 */
export interface ConsentReceipt {
  readonly receiptId: string;
  readonly kind: cloud.PolicyKind;
  /** The product of a product policy; "" for the general policy. */
  readonly productId: string;
  readonly policyVersion: string;
  readonly purposes: readonly Purpose[];
  readonly givenAt: Date;
  /** Purposes withdrawn since the receipt was given. */
  readonly withdrawn: readonly WithdrawnPurpose[];
  /** Set once every purpose is withdrawn. */
  readonly withdrawnAt?: Date;
}

/** The purposes of a receipt not withdrawn. */
export function standingPurposes(receipt: ConsentReceipt): Purpose[] {
  const gone = new Set(receipt.withdrawn.map((w) => w.purpose));
  return receipt.purposes.filter((p) => !gone.has(p));
}
