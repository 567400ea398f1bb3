import type { ExitCode } from "./exit-codes.js";

/** Where a command writes. Tests pass buffers; the binary passes the process streams. */
export interface CommandIO {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Whether stderr is a terminal (progress displays only then). */
  readonly interactive: boolean;
}

/** One `datapact <name>` subcommand. */
export interface Command {
  readonly name: string;
  /** One line for `datapact --help`. */
  readonly summary: string;
  /** Full usage text for `datapact <name> --help`. */
  readonly usage: string;
  run(args: readonly string[], io: CommandIO): Promise<ExitCode>;
}
