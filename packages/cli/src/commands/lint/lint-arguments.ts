import { CommandError, ExitCode } from "../../exit-codes.js";

/** What `datapact lint` was asked to do. */
export interface LintArguments {
  /** Files and directories to check; `proto/` when none are given. */
  readonly paths: readonly string[];
  /** Print findings as a JSON array instead of lines. */
  readonly json: boolean;
  /** Print the rules instead of linting. */
  readonly listRules: boolean;
}

/** Parses `datapact lint` arguments; throws a usage CommandError on an unknown flag. */
export function parseLintArguments(args: readonly string[]): LintArguments {
  const paths: string[] = [];
  let json = false;
  let listRules = false;
  let onlyPaths = false;
  for (const arg of args) {
    if (onlyPaths || !arg.startsWith("-") || arg === "-") paths.push(arg);
    else if (arg === "--") onlyPaths = true;
    else if (arg === "--json") json = true;
    else if (arg === "--rules") listRules = true;
    else throw new CommandError(ExitCode.Usage, `unknown option '${arg}' (see datapact lint --help)`);
  }
  return { paths: paths.length > 0 ? paths : ["proto/"], json, listRules };
}
