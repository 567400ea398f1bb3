import { CommandError, ExitCode } from "../../exit-codes.js";

/** What `datapact certify` was asked to do. */
export interface CertifyArguments {
  /** `--testee "<command>"` (a subprocess) or `--url <connect-url>` (a running Connect testee). */
  readonly testee: { readonly command: string } | { readonly url: string };
  readonly databaseUrl?: string;
  readonly seed?: number;
  readonly runs?: number;
  /** `--jobs`: subprocess testees checked side by side. */
  readonly jobs?: number;
  /** Invariant ids; empty means every invariant. */
  readonly only: readonly string[];
  readonly reportDir?: string;
  readonly json: boolean;
}

const VALUE_FLAGS = new Set(["--testee", "--url", "--database-url", "--seed", "--runs", "--jobs", "--only", "--report-dir"]);

function usage(message: string): CommandError {
  return new CommandError(ExitCode.Usage, `${message} (see datapact certify --help)`);
}

function integer(flag: string, text: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(text)) throw usage(`${flag} takes an integer, not '${text}'`);
  const n = Number(text);
  if (n < min || n > max) throw usage(`${flag} must be between ${min} and ${max}`);
  return n;
}

/**
 * Parses `datapact certify` arguments. Flags take their value as the next
 * argument or after `=`; `--only` takes one or more ids (repeated,
 * comma-separated, or listed until the next flag). Throws a usage
 * CommandError for anything else.
 */
export function parseCertifyArguments(args: readonly string[]): CertifyArguments {
  const values = new Map<string, string>();
  const only: string[] = [];
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === "--json") {
      if (eq > 0) throw usage("--json takes no value");
      json = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw usage(arg.startsWith("-") ? `unknown option '${flag}'` : `unexpected argument '${arg}'`);
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) throw usage(`${flag} needs a value`);
    if (flag === "--only") {
      only.push(...value.split(",").filter(Boolean));
      // `--only A B C`: ids until the next flag.
      while (eq < 0 && i + 1 < args.length && !args[i + 1]!.startsWith("-")) only.push(...args[++i]!.split(",").filter(Boolean));
      continue;
    }
    if (values.has(flag)) throw usage(`${flag} given twice`);
    values.set(flag, value);
  }
  const command = values.get("--testee");
  const url = values.get("--url");
  if ((command === undefined) === (url === undefined)) throw usage("give exactly one of --testee \"<command>\" and --url <connect-url>");
  if (command !== undefined && command.trim() === "") throw usage("--testee needs a command");
  if (url !== undefined && !/^https?:\/\/[^/\s]+/.test(url)) throw usage(`--url must be an http:// or https:// URL, not '${url}'`);
  const seed = values.get("--seed");
  const runs = values.get("--runs");
  const jobs = values.get("--jobs");
  return {
    testee: command !== undefined ? { command } : { url: url! },
    databaseUrl: values.get("--database-url"),
    seed: seed === undefined ? undefined : integer("--seed", seed, -0x80000000, 0x7fffffff),
    runs: runs === undefined ? undefined : integer("--runs", runs, 1, 100_000),
    ...(jobs === undefined ? {} : { jobs: integer("--jobs", jobs, 1, 64) }),
    only,
    reportDir: values.get("--report-dir"),
    json,
  };
}
