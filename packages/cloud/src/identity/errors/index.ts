export { UnknownManufacturerError } from "./unknown-manufacturer-error.js";
