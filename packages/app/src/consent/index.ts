export { checkPolicyDocument, scopeOf, type PolicyDocument } from "./policy-document.js";
export { standingPurposes, type ConsentReceipt, type WithdrawnPurpose } from "./consent-receipt.js";
export { purposesInForce } from "./policy-change.js";
export { controlsOf, type ProductControls } from "./product-controls.js";
export type { ConsentChange, ConsentListener } from "./consent-change.js";
export { ConsentStore, CONSENT_STATE_KEY, type GoverningReceipt } from "./consent-store.js";
