// The cloud SDK from its sources, as bench/ingest uses it: bench has no
// workspace dependency on @datapact/cloud, and tsx compiles the package's
// TypeScript directly.
export * from "../../packages/cloud/src/index.js";
export * from "../../packages/cloud/src/rights/index.js";
