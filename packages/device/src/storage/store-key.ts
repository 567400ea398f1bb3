import { InvalidStoreKeyError } from "../errors/invalid-store-key-error.js";

const STORE_KEY = /^[A-Za-z0-9._\-/:]{1,128}$/;

/**
 * Checks a key given to the device store. Keys name records ("sleep/2024-05-01"),
 * they never hold values; the narrow alphabet (and no "..") keeps them that
 * way and keeps them safe as file names.
 */
export function checkStoreKey(key: string): void {
  if (typeof key !== "string" || !STORE_KEY.test(key) || key.includes("..")) throw new InvalidStoreKeyError(typeof key === "string" ? key.length : 0);
}
