import type { Queryable } from "./database.js";

/**
 * Runs independent reads through `q` and returns their results in order.
 * Outside a transaction they run at once: a pool gives each its own
 * connection, so their round trips overlap. Inside one they run one after
 * the other: a transaction has one connection, where the driver would only
 * queue them (and deprecates queueing). The reads must not depend on each
 * other's effects.
 */
export async function readConcurrently<T extends readonly unknown[]>(q: Queryable, reads: { readonly [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (!q.inTransaction) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
