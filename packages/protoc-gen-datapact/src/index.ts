/**
 * protoc-gen-datapact as a library: the plugin, and the barred-field
 * computation it prints.
 *
 * @packageDocumentation
 */
export { protocGenDatapact, GUARDS_FILE } from "./plugin.js";
export { barredFields, TIERS, type TierName } from "./barred-fields.js";
