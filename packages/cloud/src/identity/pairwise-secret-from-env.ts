import { secretFromEnv, type SecretFromEnvOptions } from "../keys/secret-from-env.js";

/** The environment variable holding the pairwise-id secret, base64 of 32 bytes. */
export const PAIRWISE_SECRET_ENV_VARIABLE = "DATAPACT_PAIRWISE_SECRET";

/**
 * The pairwise-id secret configured in DATAPACT_PAIRWISE_SECRET. Keep it
 * apart from the KEK: it must survive KEK rotation, or every manufacturer's
 * ids would change.
 */
export function pairwiseSecretFromEnv(options: SecretFromEnvOptions = {}): Uint8Array {
  return secretFromEnv(PAIRWISE_SECRET_ENV_VARIABLE, { ...options, bytes: 32 });
}
