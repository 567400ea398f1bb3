export { runServe, serveCommand, type ServeSummary } from "./serve-command.js";
export { parseServeArguments, type ManufacturerArgument, type ServeArguments } from "./serve-arguments.js";
