export { demoCommand } from "./demo-command.js";
