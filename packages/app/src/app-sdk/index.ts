export type { AppSdkOptions } from "./app-sdk-options.js";
export { openAppSdk, ACCOUNT_OUTBOX_PREFIX, ANALYTICS_OUTBOX_PREFIX, type AppSdk } from "./open-app-sdk.js";
