// Runs the datapact command line in-process and captures what it writes.
import { fileURLToPath } from "node:url";
import { main } from "../../src/main.js";

/** The repository root: the directory `pnpm datapact` runs in. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** The inventory test fixtures. */
export const fixturesDir = fileURLToPath(new URL("./fixtures/", import.meta.url));

export interface DatapactRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runDatapact(args: readonly string[], cwd = repoRoot): Promise<DatapactRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd,
    interactive: false,
  });
  return { code, stdout, stderr };
}
