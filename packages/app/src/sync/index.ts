export { SyncClient } from "./sync-client.js";
