import { StorageError } from "../../storage/errors/storage-error.js";

/** A configured secret (key-encryption key, pairwise-id secret) is missing or unusable. */
export class KeyMaterialError extends StorageError {
  override readonly name = "KeyMaterialError";
  readonly code = "KEY_MATERIAL_INVALID";
  constructor(
    /** Where the secret was looked for, e.g. the environment variable's name. */
    readonly source: string,
    problem: string,
  ) {
    super(`${source}: ${problem}`);
  }
}
