import { cloud } from "@datapact/proto";
import {
  createCloudServer,
  createJsonLogger,
  createSubject,
  databaseOptionsFromEnv,
  LOCATION_CODE,
  regionStoredIn,
  type CloudServer,
  type OpenDatabaseOptions,
} from "@datapact/cloud";
import type { Command, CommandIO } from "../../command.js";
import { CommandError, ExitCode } from "../../exit-codes.js";
import { parseServeArguments, type ServeArguments } from "./serve-arguments.js";
import { serveSecrets } from "./serve-secrets.js";

const usage = `Usage: datapact serve [--port N] [--database-url URL] [--data-dir DIR] [--location LOC]
                      [--manufacturer ID=PRODUCT[,PRODUCT...]]... [--json] [--log-level L]

Runs the reference cloud: the pact's Connect services (sync, consent,
binding, sharing, accounts, device actions, manufacturers, scenes) for
Connect, gRPC and gRPC-Web clients over HTTP/1.1 and h2c, on 127.0.0.1.
Devices and apps point at the printed URL; the conformance kit certifies it.

Storage is embedded PGlite (in memory, or in --data-dir) unless
--database-url or DATABASE_URL names a PostgreSQL server.

Secrets come from DATAPACT_KEK, DATAPACT_PAIRWISE_SECRET,
DATAPACT_TOKEN_SECRET and DATAPACT_FACTORY_MASTER_KEY (base64 of 32 bytes
each). Missing ones are generated for development: kept in --data-dir when
given, otherwise gone when the process ends (and with them whatever the
database holds sealed).

Options:
  --port N              port to listen on (default 8080; 0 picks a free one)
  --database-url URL    a postgres:// URL (default DATABASE_URL, else PGlite)
  --data-dir DIR        keep the embedded database in DIR
  --location LOC        serve one storage location only (germany, india, russia,
                        united-states, mainland-china, singapore): accounts of
                        regions stored elsewhere are refused, ids name LOC;
                        run one node per location, each on its own database
  --manufacturer ID=P   register a manufacturer of products P and print its API key
  --json                print the start-up summary as one JSON object
  --log-level L         debug, info (default), warn or error; logs go to stderr

Prints the URL and development credentials (an account and its token, the
factory master key simulated devices derive their factory keys from, and
manufacturer API keys), then serves until SIGINT or SIGTERM.
Exit codes: 0 stopped by a signal, 2 usage error, 4 could not start.
`;

/** What `datapact serve` prints once it listens. */
export interface ServeSummary {
  readonly url: string;
  /** The storage location this node serves, when it serves one only. */
  readonly location?: string;
  readonly database: "pglite" | "postgres";
  readonly policyVersion: string;
  readonly devAccountId: string;
  readonly devUserToken: string;
  /** Base64; a device's factory key is the device SDK's deriveFactoryKey(master, MAC, SN). */
  readonly factoryMasterKey: string;
  readonly manufacturers: Readonly<Record<string, string>>;
  readonly generatedSecrets: readonly string[];
}

function databaseOptions(args: ServeArguments, env: NodeJS.ProcessEnv): OpenDatabaseOptions {
  if (args.databaseUrl !== undefined) return { url: args.databaseUrl };
  const fromEnv = databaseOptionsFromEnv(env);
  if (fromEnv.url !== undefined) {
    if (args.dataDir !== undefined) throw new CommandError(ExitCode.Usage, "--data-dir is for the embedded database; DATABASE_URL names a server");
    return fromEnv;
  }
  return args.dataDir === undefined ? {} : { dataDir: args.dataDir };
}

function humanSummary(s: ServeSummary, keptIn: string | undefined): string {
  const lines = [
    `datapact serve: the reference cloud listens on ${s.url} (${s.database}${s.location ? `, storing ${s.location} only` : ""})`,
    `  general policy in force: ${s.policyVersion}`,
    `  development account:     ${s.devAccountId}`,
    `  its user token:          ${s.devUserToken}`,
    `  factory master key:      ${s.factoryMasterKey}`,
    ...Object.entries(s.manufacturers).map(([id, key]) => `  manufacturer ${id} API key: ${key}`),
  ];
  if (s.generatedSecrets.length > 0)
    lines.push(`  development secrets generated for ${s.generatedSecrets.join(", ")}${keptIn ? ` (kept in ${keptIn})` : " (gone when this process ends)"}`);
  lines.push("Stop with Ctrl-C (SIGINT) or SIGTERM.");
  return lines.join("\n") + "\n";
}

/**
 * Runs the reference cloud until `stop` is aborted, then closes it. Resolves
 * with the exit code. Separate from the command so tests can stop it
 * without signals.
 */
export async function runServe(argv: readonly string[], io: CommandIO, stop: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const args = parseServeArguments(argv);
  const database = databaseOptions(args, env);
  const secrets = serveSecrets(env, args.dataDir);
  let server: CloudServer;
  try {
    server = await createCloudServer({
      port: args.port,
      databaseOptions: database,
      kek: secrets.kek,
      secrets: { pairwise: secrets.pairwise, userTokens: secrets.userTokens, factoryMasterKey: secrets.factoryMasterKey },
      logger: createJsonLogger((line) => io.stderr.write(line), { level: args.logLevel }),
      location: args.location,
    });
  } catch (err) {
    const e = err as Error;
    // Names and codes only: a driver's message can carry the URL and its password.
    throw new CommandError(ExitCode.Unavailable, `could not start the cloud: ${e?.name ?? "Error"}${(e as { code?: unknown })?.code ? ` (${String((e as { code?: unknown }).code)})` : ""}`);
  }
  try {
    const manufacturers: Record<string, string> = {};
    for (const m of args.manufacturers) manufacturers[m.manufacturerId] = await server.registerManufacturer({ ...m, name: m.manufacturerId });
    const devAccountId =
      args.location === undefined
        ? await createSubject(server.context.db, "eu")
        : await createSubject(server.context.db, regionStoredIn(args.location), { idPrefix: LOCATION_CODE[args.location] });
    const summary: ServeSummary = {
      url: server.url,
      ...(args.location === undefined ? {} : { location: args.location }),
      database: server.context.db.kind,
      policyVersion: server.context.policies.inForce(cloud.PolicyKind.GENERAL, "")?.version ?? "",
      devAccountId,
      devUserToken: server.context.userTokens.issue(devAccountId).token,
      factoryMasterKey: Buffer.from(secrets.factoryMasterKey).toString("base64"),
      manufacturers,
      generatedSecrets: secrets.generated,
    };
    io.stdout.write(args.json ? JSON.stringify(summary) + "\n" : humanSummary(summary, secrets.keptIn));
    if (!stop.aborted) await new Promise<void>((resolve) => stop.addEventListener("abort", () => resolve(), { once: true }));
  } finally {
    await server.close();
  }
  io.stderr.write("datapact serve: stopped\n");
  return ExitCode.Ok;
}

/** `datapact serve`: runs the reference cloud until SIGINT or SIGTERM. */
export const serveCommand: Command = {
  name: "serve",
  summary: "run the reference cloud (Connect services on PGlite or PostgreSQL)",
  usage,
  async run(args, io) {
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      return await runServe(args, io, stop.signal);
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
