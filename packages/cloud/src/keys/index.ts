export * from "./errors/index.js";
export { DataKeyring, type DataKeyringOptions, type DataKeyState, type SubjectSealer } from "./data-keyring.js";
export { KEY_BYTES, KeyEncryptionKey } from "./key-encryption-key.js";
export { KEK_ENV_VARIABLE, keyEncryptionKeyFromEnv } from "./key-encryption-key-from-env.js";
export { secretFromEnv, type SecretFromEnvOptions } from "./secret-from-env.js";
