export type { ViewDropListener, ViewDropReason, ViewOptions } from "./view-drop-reason.js";
export { forSharedView } from "./shared-view.js";
export { forManufacturerView } from "./manufacturer-view.js";
