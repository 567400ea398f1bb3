export { DataKeyMissingError } from "./data-key-missing-error.js";
export { KeyDestroyedError } from "./key-destroyed-error.js";
export { KeyMaterialError } from "./key-material-error.js";
export { SealedDataError, type SealedDataProblem } from "./sealed-data-error.js";
export { UnknownKeyEncryptionKeyError } from "./unknown-key-encryption-key-error.js";
