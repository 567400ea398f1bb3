import type { Purpose } from "@datapact/proto";
import { standingPurposes, type ConsentReceipt } from "./consent-receipt.js";
import type { PolicyDocument } from "./policy-document.js";

/**
 * The purposes a receipt still covers under the policy now in force, given
 * every version of that policy adopted so far (oldest first, the last in
 * force). The rule (seed 000 §2.3, mechanism M003):
 *
 * - a purpose the receipt does not name is never covered: a new version that
 *   adds a purpose needs the user's consent to it;
 * - if any version after the receipt's is a material change, nothing is
 *   covered until the user consents again;
 * - otherwise the receipt's standing purposes continue, less any the policy
 *   in force no longer declares;
 * - a receipt for a version never adopted covers nothing (fail closed).
 */
export function purposesInForce(receipt: ConsentReceipt, versions: readonly PolicyDocument[]): ReadonlySet<Purpose> {
  const at = versions.findIndex((v) => v.version === receipt.policyVersion);
  const inForce = versions[versions.length - 1];
  if (at < 0 || !inForce) return new Set();
  if (versions.slice(at + 1).some((v) => v.material)) return new Set();
  const declared = new Set(inForce.purposes);
  return new Set(standingPurposes(receipt).filter((p) => declared.has(p)));
}
