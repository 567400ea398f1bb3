import { KEK_ENV_VARIABLE, KeyEncryptionKey, PAIRWISE_SECRET_ENV_VARIABLE, secretFromEnv } from "@datapact/cloud";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The environment variable holding the user-token signing secret, base64 of 32 bytes. */
export const TOKEN_SECRET_ENV_VARIABLE = "DATAPACT_TOKEN_SECRET";
/** The environment variable holding the development factory master key, base64 of 32 bytes. */
export const FACTORY_MASTER_KEY_ENV_VARIABLE = "DATAPACT_FACTORY_MASTER_KEY";

/** The secrets `datapact serve` runs with, and where each came from. */
export interface ServeSecrets {
  readonly kek: KeyEncryptionKey;
  readonly pairwise: Uint8Array;
  readonly userTokens: Uint8Array;
  readonly factoryMasterKey: Uint8Array;
  /** Variables that were not set, by name, and what was done instead. */
  readonly generated: readonly string[];
  /** Where generated secrets were kept (a data directory's file), if anywhere. */
  readonly keptIn: string | undefined;
}

const VARIABLES = [KEK_ENV_VARIABLE, PAIRWISE_SECRET_ENV_VARIABLE, TOKEN_SECRET_ENV_VARIABLE, FACTORY_MASTER_KEY_ENV_VARIABLE] as const;
const DEV_SECRETS_FILE = "datapact-dev-secrets.json";

/**
 * The reference cloud's secrets: each from its environment variable when
 * set. A missing one is generated; with a data directory it is kept there
 * (mode 0600) so that what the database holds sealed stays readable across
 * restarts, otherwise it lives as long as the process. Either way it is a
 * development setup, which the summary says.
 */
export function serveSecrets(env: NodeJS.ProcessEnv, dataDir: string | undefined): ServeSecrets {
  const file = dataDir === undefined ? undefined : join(dataDir, DEV_SECRETS_FILE);
  const kept: Record<string, string> = file && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {};
  const generated: string[] = [];
  const values = new Map<string, Uint8Array>();
  for (const variable of VARIABLES) {
    if (env[variable] !== undefined && env[variable] !== "") {
      values.set(variable, secretFromEnv(variable, { env, bytes: 32 }));
      continue;
    }
    const stored = kept[variable];
    const bytes = stored !== undefined ? new Uint8Array(Buffer.from(stored, "base64")) : new Uint8Array(randomBytes(32));
    if (bytes.length !== 32) throw new RangeError(`${DEV_SECRETS_FILE}: ${variable} is not 32 bytes`);
    kept[variable] = Buffer.from(bytes).toString("base64");
    values.set(variable, bytes);
    generated.push(variable);
  }
  if (file && generated.length > 0) {
    mkdirSync(dataDir!, { recursive: true });
    writeFileSync(file, JSON.stringify(kept, null, 2) + "\n", { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return {
    kek: KeyEncryptionKey.fromBytes(values.get(KEK_ENV_VARIABLE)!, KEK_ENV_VARIABLE),
    pairwise: values.get(PAIRWISE_SECRET_ENV_VARIABLE)!,
    userTokens: values.get(TOKEN_SECRET_ENV_VARIABLE)!,
    factoryMasterKey: values.get(FACTORY_MASTER_KEY_ENV_VARIABLE)!,
    generated,
    keptIn: file && generated.length > 0 ? file : undefined,
  };
}
