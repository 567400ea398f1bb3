export { ManufacturerRegistry, type ManufacturerRegistration } from "./manufacturer-registry.js";
export { pairwiseHandle } from "./pairwise-handle.js";
export { manufacturerService } from "./manufacturer-service.js";
