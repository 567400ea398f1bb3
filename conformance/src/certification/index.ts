export { runCertification, CertifyExitCode, type CertificationRun } from "./run-certification.js";
export type { CertificationRequest } from "./certification-request.js";
