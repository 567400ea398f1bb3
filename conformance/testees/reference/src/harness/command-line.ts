/** What the testee was started with. */
export interface TesteeCommandLine {
  /** Serve the harness over Connect (printing the URL) instead of stdin/stdout. */
  readonly listen: boolean;
  /** Port for `--listen`; 0 picks one. */
  readonly port: number;
  /** A postgres:// URL for the testee's database (it makes a fresh database there). */
  readonly databaseUrl: string | undefined;
  /** The invariant id whose rule a broken testee breaks. */
  readonly fault: string | undefined;
  readonly help: boolean;
}

/** A command line the testee cannot run with. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly code = "usage";
}

export const usage = `usage: node conformance/testees/reference/dist/main.js [--listen [--port N]] [--database-url postgres://…] [--fault <invariant-id>]

  (no option)        speak the harness protocol on stdin/stdout (datapact certify --testee "<this command>")
  --listen           serve datapact.conformance.v1.HarnessService over Connect; prints its URL
  --database-url     keep the cloud's data on this PostgreSQL server (in fresh databases, one per location);
                     default: DATAPACT_PG_URL when that server answers, else an embedded PGlite
  --fault <id>       be a deliberately broken testee that breaks the rule of invariant <id>
`;

/** Parses argv (without node and the script). */
export function parseCommandLine(argv: readonly string[]): TesteeCommandLine {
  let listen = false;
  let port = 0;
  let databaseUrl: string | undefined;
  let fault: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "--listen":
        listen = true;
        break;
      case "--port": {
        port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port must be a port number");
        break;
      }
      case "--database-url":
        databaseUrl = value();
        if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new UsageError("--database-url must be a postgres:// URL");
        break;
      case "--fault":
        fault = value();
        break;
      case "--help":
      case "-h":
        help = true;
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { listen, port, databaseUrl, fault, help };
}
