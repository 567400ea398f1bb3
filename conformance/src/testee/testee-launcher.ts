import { connectTestee, type ConnectTesteeOptions } from "./connect-testee.js";
import { spawnTestee, type SubprocessTesteeOptions } from "./subprocess-testee.js";
import type { Testee } from "./testee.js";

/**
 * Starts a testee, again if need be: after a testee fails the harness the
 * runner starts a fresh one for the next invariant.
 */
export interface TesteeLauncher {
  /** How the testee is given, for reports ("subprocess `node testee.mjs`"). */
  readonly description: string;
  /**
   * Whether each start gives a testee of its own that shares nothing with
   * the others (a new process with its own database), so that several can
   * be checked side by side (`jobs`). A running server given by URL does not.
   */
  readonly independentInstances?: boolean;
  start(): Promise<Testee>;
}

/** Launches `command` as a subprocess testee (see {@link spawnTestee}). */
export function subprocessLauncher(command: string, options: SubprocessTesteeOptions = {}): TesteeLauncher {
  return { description: `subprocess \`${command}\``, independentInstances: true, start: async () => spawnTestee(command, options) };
}

/** Connects to a running Connect testee at `url` (see {@link connectTestee}). */
export function connectLauncher(url: string, options: ConnectTesteeOptions = {}): TesteeLauncher {
  return { description: `Connect testee at ${url}`, start: async () => connectTestee(url, options) };
}
