export type { ChannelDropListener, ChannelDropReason, ChannelProjectionOptions } from "./channel-drop-reason.js";
export { purposeLimitedConsent } from "./purpose-limited-consent.js";
export { forUnlinkedChannel } from "./unlinked-channel.js";
export { forAccountChannel } from "./account-channel.js";
