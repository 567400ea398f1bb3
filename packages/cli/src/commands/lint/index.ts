export { lintCommand } from "./lint-command.js";
