export { CrossRegionAccessError } from "./cross-region-access-error.js";
export { RegionNotServedError } from "./region-not-served-error.js";
