/**
 * Base class of every error the app SDK raises. Messages name ids, keys,
 * message types and field paths, never values: errors end up in logs and
 * crash reports.
 */
export abstract class AppSdkError extends Error {
  /** Stable machine-readable code, e.g. `CONSENT_REQUIRED`. */
  abstract readonly code: string;
}
