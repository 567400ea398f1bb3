import type { DescFile } from "@bufbuild/protobuf";
import { pactFiles } from "@datapact/proto";
import { CommandError, ExitCode } from "../../exit-codes.js";
import { InputError, loadSchemas } from "../../schema-source/index.js";

/**
 * The schema files an inventory is read from: the pact's own compiled
 * descriptors (@datapact/proto) when no path is given, else the `.proto`
 * text or descriptor sets the paths name, loaded as `datapact lint` loads
 * them.
 */
export function schemaFiles(paths: readonly string[], cwd: string): readonly DescFile[] {
  if (paths.length === 0) return pactFiles;
  try {
    return loadSchemas(paths, cwd).flatMap((schema) => schema.targets);
  } catch (err) {
    if (err instanceof InputError) throw new CommandError(ExitCode.InputError, err.message);
    throw err;
  }
}
