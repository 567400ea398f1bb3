export { ExperiencePlan, EXPERIENCE_PLAN_KEY } from "./experience-plan.js";
export { AnalyticsClient } from "./analytics-client.js";
export { InstallDataErasure, type InstallDataErasureOptions } from "./install-data-erasure.js";
