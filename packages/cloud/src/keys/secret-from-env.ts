import { randomBytes } from "node:crypto";
import { KeyMaterialError } from "./errors/key-material-error.js";

/** Options of {@link secretFromEnv}. */
export interface SecretFromEnvOptions {
  /** The environment to read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * When the variable is unset, generate a random secret instead of
   * throwing. For development and tests only: whatever the secret protects
   * is lost when the process exits.
   */
  readonly generateIfMissing?: boolean;
  /** Told when a secret was generated; default console.warn. */
  readonly warn?: (message: string) => void;
  /** Exact length required, in bytes; default 32. */
  readonly bytes?: number;
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * A secret from an environment variable holding base64 (standard or URL
 * alphabet). Throws KeyMaterialError, naming only the variable, when it is
 * missing (unless generateIfMissing), not base64, or not the right length.
 */
export function secretFromEnv(variable: string, options: SecretFromEnvOptions = {}): Uint8Array {
  const env = options.env ?? process.env;
  const length = options.bytes ?? 32;
  const value = env[variable];
  if (value === undefined || value === "") {
    if (!options.generateIfMissing) throw new KeyMaterialError(variable, "is not set");
    (options.warn ?? console.warn)(
      `[datapact] ${variable} is not set: using a random secret for this process only. Everything it protects becomes unreadable when the process exits. Never run like this in production.`,
    );
    return new Uint8Array(randomBytes(length));
  }
  const trimmed = value.trim();
  if (!BASE64.test(trimmed)) throw new KeyMaterialError(variable, "is not base64");
  const bytes = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (bytes.length !== length) throw new KeyMaterialError(variable, `must decode to exactly ${length} bytes`);
  return new Uint8Array(bytes);
}
