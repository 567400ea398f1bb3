import { DEV_GENERAL_POLICY, type PublishedPolicy } from "@datapact/cloud";
import { cloud, Purpose } from "@datapact/proto";
import type { PactCatalog } from "../catalog/pact-catalog.js";

/** A version the user was asked to consent to is older than the one in force. */
export class StalePolicyVersionError extends Error {
  override readonly name = "StalePolicyVersionError";
  readonly code = "POLICY_VERSION_NOT_CURRENT";
  constructor(productId: string, version: string, inForce: string) {
    super(`policy version ${version} of product ${productId} is older than the version in force, ${inForce}`);
  }
}

/** The version every product's separate policy starts at after a reset. */
export const FIRST_PRODUCT_POLICY_VERSION = "1.0";

/** Numeric-aware order of version strings ("1.0" < "2.0" < "10.0"). */
function compareVersions(a: string, b: string): number {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const nx = Number(x);
    const ny = Number(y);
    const d = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The publisher of the reference testee's privacy policies: the general
 * policy asks every purpose; each product has a separate policy whose first
 * version asks functionality only, and every later version asks every
 * purpose the product's fields declare. So a product's version 2.0 adds
 * analytics: data for it stops until the user consents to that version
 * (000 §2.3; M132, M133). Versions only move forward: a version older than
 * the one in force is refused.
 *
 * A kit's `give_consent` names a version: the user is shown it (the
 * publisher puts it in force in the cloud, the app adopts it) and consents.
 */
export class PolicyPublisher {
  private readonly current = new Map<string, PublishedPolicy>();

  constructor(
    private readonly catalog: PactCatalog,
    private readonly cloudCatalog: { publishPolicy(policy: PublishedPolicy): void },
  ) {}

  /** The general policy of the app. */
  get general(): PublishedPolicy {
    return DEV_GENERAL_POLICY;
  }

  /** What version `version` of `productId`'s policy asks consent for. */
  purposesOf(productId: string, version: string): Purpose[] {
    const declared = this.catalog.declaredPurposes(productId);
    if (version === FIRST_PRODUCT_POLICY_VERSION && declared.includes(Purpose.FUNCTIONALITY)) return [Purpose.FUNCTIONALITY];
    return declared;
  }

  /** The version of `productId`'s policy in force. */
  inForce(productId: string): PublishedPolicy | undefined {
    return this.current.get(productId);
  }

  /**
   * Puts `version` of `productId`'s policy in force (nothing changes when it
   * already is). Throws StalePolicyVersionError for an older version.
   */
  publish(productId: string, version: string): PublishedPolicy {
    const now = this.current.get(productId);
    if (now && now.version === version) return now;
    if (now && compareVersions(version, now.version) < 0) throw new StalePolicyVersionError(productId, version, now.version);
    const policy: PublishedPolicy = { kind: cloud.PolicyKind.PRODUCT, productId, version, purposes: this.purposesOf(productId, version) };
    this.cloudCatalog.publishPolicy(policy);
    this.current.set(productId, policy);
    return policy;
  }

  /** Every policy back at its first version (a `reset`). */
  reset(): void {
    this.current.clear();
    this.cloudCatalog.publishPolicy(this.general);
    for (const productId of this.catalog.productIds) this.publish(productId, FIRST_PRODUCT_POLICY_VERSION);
  }
}
