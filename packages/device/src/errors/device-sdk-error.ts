/**
 * Base class of every error the device SDK raises or reports. Messages name
 * codes, sizes, sequence numbers, type names and field paths, never values:
 * these errors end up in logs.
 */
export abstract class DeviceSdkError extends Error {
  /** Stable machine-readable code, e.g. `REPLAYED_FRAME`. */
  abstract readonly code: string;
}
