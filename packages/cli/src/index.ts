/**
 * The datapact command line as a library: run it in-process with `main`.
 *
 * @packageDocumentation
 */
export { main } from "./main.js";
export type { Command, CommandIO } from "./command.js";
export { ExitCode, CommandError } from "./exit-codes.js";
