export { RetentionSweeper, type RetentionSweeperOptions } from "./retention-sweeper.js";
export type { SweepReport, TypeSweep } from "./sweep-report.js";
export { storageExpiry } from "./storage-expiry.js";
