/** How the testee was given on the command line. */
export type TesteeArgument = { readonly command: string } | { readonly url: string };

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, "\\$1")}"`;
}

/**
 * The command that replays one invariant against the same testee with the
 * same seed: `datapact certify --testee "<cmd>" --only <ID> --seed N`.
 */
export function replayCommand(testee: TesteeArgument, invariantId: string, seed: number, extra: readonly string[] = []): string {
  const target = "command" in testee ? `--testee ${shellQuote(testee.command)}` : `--url ${shellQuote(testee.url)}`;
  return ["datapact certify", target, ...extra, `--only ${invariantId}`, `--seed ${seed}`].join(" ");
}
