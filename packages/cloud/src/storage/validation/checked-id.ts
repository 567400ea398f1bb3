import { InvalidArgumentError } from "../errors/invalid-argument-error.js";

/** Longest id accepted (subject, record, device, manufacturer ids). */
export const MAX_ID_LENGTH = 256;

/**
 * Checks that an id is a non-empty string of at most 256 characters with no
 * control characters; returns it. Throws InvalidArgumentError naming
 * `argument`, never quoting the value.
 */
export function checkedId(value: unknown, argument: string): string {
  if (typeof value !== "string") throw new InvalidArgumentError(argument, "must be a string");
  if (value.length === 0 || value.length > MAX_ID_LENGTH) throw new InvalidArgumentError(argument, `must be 1 to ${MAX_ID_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new InvalidArgumentError(argument, "must not contain control characters");
  return value;
}
