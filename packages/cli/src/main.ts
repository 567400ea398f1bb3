import type { CommandIO } from "./command.js";
import { commands } from "./commands/index.js";
import { CommandError, ExitCode } from "./exit-codes.js";

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    "Usage: datapact <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `datapact <command> --help` for a command's options.",
    "Exit codes: 0 ok, 1 violations found, 2 usage error, 3 input error, 4 unavailable, 70 internal error.",
    "",
  ].join("\n");
}

/**
 * Runs the datapact command line. Returns the exit code instead of exiting so
 * tests can call it in-process.
 */
export async function main(argv: readonly string[], io: CommandIO): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(help());
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`datapact: unknown command '${name}'\n\n${help()}`);
    return ExitCode.Usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(command.usage.endsWith("\n") ? command.usage : command.usage + "\n");
    return ExitCode.Ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CommandError) {
      io.stderr.write(`datapact ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    // Internal errors print the error's name and message only: a stack trace
    // could carry values from the input.
    const e = err as Error;
    io.stderr.write(`datapact ${name}: internal error: ${e?.name ?? "Error"}: ${e?.message ?? String(err)}\n`);
    return ExitCode.Internal;
  }
}
