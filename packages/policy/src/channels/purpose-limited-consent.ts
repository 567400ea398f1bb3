import type { Purpose } from "@datapact/proto";
import type { ConsentState } from "../consent/consent-state.js";

/**
 * A view of `consent` that allows `purpose` (where `consent` does) and no
 * other purpose. Statements made under it name that purpose alone, which is
 * what a channel that carries one purpose must claim.
 */
export function purposeLimitedConsent(consent: ConsentState, purpose: Purpose): ConsentState {
  return {
    allowsPurpose: (productId, p) => p === purpose && consent.allowsPurpose(productId, p),
    isFunctionEnabled: (productId, fn) => consent.isFunctionEnabled(productId, fn),
    isUploadEnabled: (productId, name) => consent.isUploadEnabled(productId, name),
  };
}
