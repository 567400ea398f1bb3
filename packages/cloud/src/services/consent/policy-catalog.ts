import { cloud, Purpose } from "@datapact/proto";

/** One published version of a privacy policy users consent to. */
export interface PublishedPolicy {
  /** POLICY_KIND_GENERAL (the app's policy, product "") or POLICY_KIND_PRODUCT (a product's separate policy). */
  readonly kind: cloud.PolicyKind;
  /** ProductPolicy.id for a product policy; "" for the general policy. */
  readonly productId: string;
  readonly version: string;
  /** The purposes this version asks consent for. */
  readonly purposes: readonly Purpose[];
}

/** Which policy a receipt belongs to. */
export interface PolicyScope {
  readonly kind: cloud.PolicyKind;
  readonly productId: string;
}

function scopeKey(kind: cloud.PolicyKind, productId: string): string {
  return kind === cloud.PolicyKind.GENERAL ? "general" : `product:${productId}`;
}

/** The version a development cloud publishes its general policy under when given none. */
export const DEV_GENERAL_POLICY: PublishedPolicy = {
  kind: cloud.PolicyKind.GENERAL,
  productId: "",
  version: "dev-1",
  purposes: [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING],
};

/**
 * The policy versions in force (000 §2.3): the general policy of the app and
 * the separate policies of products that have one. A product's separate
 * policy, when published, governs that product's records; otherwise the
 * general one does. Consent is only given to, and only counts for, the
 * version in force: publishing a new version makes every earlier receipt of
 * that policy stale until the user consents again.
 */
export class PolicyCatalog {
  private readonly current = new Map<string, PublishedPolicy>();

  constructor(policies: readonly PublishedPolicy[] = [DEV_GENERAL_POLICY]) {
    for (const p of policies) this.publish(p);
  }

  /** Puts a version in force, replacing the previous version of the same policy. */
  publish(policy: PublishedPolicy): void {
    const general = policy.kind === cloud.PolicyKind.GENERAL;
    if ((general && policy.productId !== "") || (!general && (policy.kind !== cloud.PolicyKind.PRODUCT || policy.productId === ""))) {
      throw new RangeError("a general policy has product id \"\", a product policy a product id");
    }
    if (policy.version === "" || policy.purposes.length === 0) throw new RangeError("a published policy has a version and at least one purpose");
    this.current.set(scopeKey(policy.kind, policy.productId), { ...policy, purposes: [...policy.purposes] });
  }

  /** The version of a policy in force, if it is published. */
  inForce(kind: cloud.PolicyKind, productId: string): PublishedPolicy | undefined {
    return this.current.get(scopeKey(kind, productId));
  }

  /** The general policy in force, if published. */
  general(): PublishedPolicy | undefined {
    return this.inForce(cloud.PolicyKind.GENERAL, "");
  }

  /** The policy that governs a product's records: its separate policy if published, else the general one. */
  governing(productId: string): PublishedPolicy | undefined {
    return (productId === "" ? undefined : this.inForce(cloud.PolicyKind.PRODUCT, productId)) ?? this.general();
  }

  /** Every policy in force. */
  all(): PublishedPolicy[] {
    return [...this.current.values()];
  }
}
