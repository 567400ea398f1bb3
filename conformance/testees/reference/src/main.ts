// The reference testee of the conformance kit: this repository's SDKs behind
// the harness protocol. See conformance/testees/README.md.
//
//   node conformance/testees/reference/dist/main.js                 # stdio (datapact certify --testee "…")
//   node conformance/testees/reference/dist/main.js --listen        # Connect; prints its URL
//   node conformance/testees/reference/dist/main.js --fault <id>    # a deliberately broken testee
import pg from "pg";
import { serveHarness } from "../../../src/testee/serve-harness.js";
import { faultNamed, faultIds } from "../../broken/index.js";
import { parseCommandLine, usage, UsageError, type TesteeCommandLine } from "./harness/command-line.js";
import { serveStdio } from "./harness/stdio-harness.js";
import { ReferenceTestee } from "./reference-testee.js";

// stdout carries harness frames only: anything a library prints goes to the log.
console.log = console.error;
console.info = console.error;

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function databaseUrlOf(line: TesteeCommandLine): Promise<string | undefined> {
  if (line.databaseUrl) return line.databaseUrl;
  const fromEnv = process.env.DATAPACT_PG_URL;
  if (fromEnv && /^postgres(ql)?:\/\//.test(fromEnv) && (await reachable(fromEnv))) return fromEnv;
  return undefined;
}

async function main(): Promise<number> {
  let line: TesteeCommandLine;
  try {
    line = parseCommandLine(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n${usage}`);
    return 2;
  }
  if (line.help) {
    process.stderr.write(usage);
    return 0;
  }
  const fault = line.fault === undefined ? undefined : faultNamed(line.fault);
  if (line.fault !== undefined && !fault) {
    process.stderr.write(`unknown fault ${line.fault}; known: ${faultIds().join(", ")}\n`);
    return 2;
  }
  const starting = databaseUrlOf(line).then((databaseUrl) =>
    ReferenceTestee.start({ databaseUrl, hooks: fault?.hooks(), name: fault ? `datapact-reference-broken (${fault.id})` : "datapact-reference" }),
  );
  // Fail loudly rather than hang if the testee cannot start.
  starting.catch((err: unknown) => {
    process.stderr.write(`the reference testee could not start: ${(err as Error)?.name ?? "error"}\n`);
    process.exit(3);
  });
  if (line.listen) {
    const testee = await starting;
    const server = await serveHarness((request) => testee.act(request), { port: line.port });
    process.stdout.write(`${server.url}\n`);
    await new Promise<void>((resolve) => {
      process.once("SIGTERM", resolve);
      process.once("SIGINT", resolve);
    });
    await server.close();
    await testee.close();
    return 0;
  }
  // Stopped rather than let go (the kit closes stdin first), it still removes its scratch files.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void starting
        .then((testee) => testee.close())
        .catch(() => undefined)
        .finally(() => process.exit(128 + (signal === "SIGTERM" ? 15 : 2)));
    });
  }
  await serveStdio(async (request) => (await starting).act(request));
  await (await starting).close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`the reference testee stopped: ${(err as Error)?.name ?? "error"}\n`);
    process.exit(1);
  },
);
