export { certifyCommand, createCertifyCommand } from "./certify-command.js";
export { parseCertifyArguments, type CertifyArguments } from "./certify-arguments.js";
export type { ConformanceKit, LoadConformanceKit } from "./conformance-kit.js";
