// The cloud SDK from its sources: bench has no workspace dependency on
// @datapact/cloud (adding one is a package.json change this benchmark does
// not make), and tsx compiles the package's TypeScript directly.
export * from "../../packages/cloud/src/index.js";
