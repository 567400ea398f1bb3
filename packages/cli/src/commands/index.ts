import type { Command } from "../command.js";
import { lintCommand } from "./lint/index.js";
import { inventoryCommand } from "./inventory/index.js";
import { certifyCommand } from "./certify/index.js";
import { serveCommand } from "./serve/index.js";
import { demoCommand } from "./demo/index.js";

/** Every subcommand, in the order `--help` lists them. Commands register here. */
export const commands: readonly Command[] = [lintCommand, inventoryCommand, serveCommand, demoCommand, certifyCommand];
