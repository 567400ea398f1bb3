/**
 * Exit codes of the `datapact` command. Stable: scripts and CI systems
 * branch on them, and packages/cli/README.md documents them.
 */
export const ExitCode = {
  /** Everything checked holds. */
  Ok: 0,
  /** The command ran and found violations (lint errors, stale inventory, a failed invariant). */
  ViolationsFound: 1,
  /** The command line is wrong: unknown command or flag, missing argument. */
  Usage: 2,
  /** An input could not be read or parsed (missing file, proto syntax error, bad descriptor set). */
  InputError: 3,
  /** The testee or a service the command needs could not be reached or misbehaved. */
  Unavailable: 4,
  /** A bug in datapact itself. */
  Internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that ends the command with a given exit code and a message for humans. */
export class CommandError extends Error {
  override readonly name = "CommandError";
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
