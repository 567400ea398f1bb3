export { createCloudServer, type CloudServer } from "./create-cloud-server.js";
export type { CloudServerOptions, PlatformSecrets } from "./cloud-server-options.js";
export { connectErrorFrom, REASON_HEADER } from "./connect-error-from.js";
export { listenDualProtocol, type DualProtocolHandler, type DualProtocolListener } from "./dual-protocol-listener.js";
export { cloudMigrations } from "./migrations/cloud-migrations.js";
export { platformServicesMigration } from "./migrations/platform-services-migration.js";
