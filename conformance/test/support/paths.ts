import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The conformance package's directory. */
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** `node <file>` for a script of the package, quoted for the shell. */
export function nodeCommand(relativeFile: string, ...args: string[]): string {
  return [process.execPath, join(packageDir, relativeFile), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
}
