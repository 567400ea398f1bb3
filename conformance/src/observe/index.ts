export { sinkKind, tierOfSink, type Observation, type Sink } from "./observation.js";
export * from "./database/index.js";
export * from "./hop/index.js";
export { LogCollector } from "./log-collector.js";
export { responseObservations } from "./response-observations.js";
