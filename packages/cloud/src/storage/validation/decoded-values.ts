/**
 * Messages whose values have their declared types by construction: decoded
 * from wire bytes by protobuf-es, then only projected (fields removed,
 * never set) by the policy. The record store checks every other message's
 * values before encoding it (checkMessageValues), because protobuf-es
 * encodes whatever it is given; for these the check cannot fail, and on
 * the ingest path it is a large share of storing a record.
 *
 * Internal to the cloud package: only code that decoded a message itself
 * may mark it, and must not change its values afterwards.
 */
const decoded = new WeakSet<object>();

/** Marks `message` as holding decoded values only; returns it. */
export function markDecoded<T extends object>(message: T): T {
  decoded.add(message);
  return message;
}

/** Whether `message` was marked by {@link markDecoded}. */
export function isDecoded(message: unknown): boolean {
  return typeof message === "object" && message !== null && decoded.has(message);
}
