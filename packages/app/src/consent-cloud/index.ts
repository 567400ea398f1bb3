export { ConsentClient, CONSENT_MIRROR_KEY, type MirrorOutcome } from "./consent-client.js";
export type { MirrorOperation } from "./mirror-operation.js";
