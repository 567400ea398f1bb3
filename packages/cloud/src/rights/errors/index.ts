export { DataRightsError } from "./data-rights-error.js";
export { CallerNotAllowedError } from "./caller-not-allowed-error.js";
export { DeletionJobNotFoundError } from "./deletion-job-not-found-error.js";
export { InvalidRightsRequestError, type RightsRequestProblem } from "./invalid-rights-request-error.js";
export { RecordNotFoundError } from "./record-not-found-error.js";
export { UnknownProductError } from "./unknown-product-error.js";
