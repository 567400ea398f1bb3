export type { CloudEndpoint, UserTokenSource } from "./cloud-endpoint.js";
export { accountTransport } from "./account-transport.js";
export { analyticsTransport, INSTALL_TOKEN_HEADER } from "./analytics-transport.js";
export { connectionPool } from "./connection-pool.js";
