import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The command that starts the conformance kit's reference testee (the
 * SDKs of this repository behind the harness protocol), found next to the
 * installed @datapact/conformance package.
 */
export function referenceTesteeCommand(): string {
  const here = typeof __filename === "string" ? __filename : fileURLToPath(import.meta.url);
  const kitPackage = createRequire(here).resolve("@datapact/conformance/package.json");
  const main = join(dirname(kitPackage), "testees", "reference", "dist", "main.js");
  return `${JSON.stringify(process.execPath)} ${JSON.stringify(main)}`;
}
