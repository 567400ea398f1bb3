export { isStorageKey, type AppStorage } from "./app-storage.js";
export { MemoryAppStorage } from "./memory-app-storage.js";
export { FileAppStorage, type FileAppStorageOptions } from "./file-app-storage.js";
