import { InvalidArgumentError } from "../errors/invalid-argument-error.js";

/**
 * Checks that a value is a valid Date in years 1 to 9999 (PostgreSQL and
 * ISO-8601 both handle that range without extended year forms); returns it.
 */
export function checkedDate(value: unknown, argument: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new InvalidArgumentError(argument, "must be a valid Date");
  const year = value.getUTCFullYear();
  if (year < 1 || year > 9999) throw new InvalidArgumentError(argument, "must fall in the years 1 to 9999");
  return value;
}
