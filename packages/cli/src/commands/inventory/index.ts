/** `datapact inventory`: data inventories, store labels and the seed comparison. */
export { inventoryCommand } from "./inventory-command.js";
