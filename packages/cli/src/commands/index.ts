import type { Command } from "../command.js";

/** Every subcommand, in the order `--help` lists them. Commands register here. */
export const commands: readonly Command[] = [];
