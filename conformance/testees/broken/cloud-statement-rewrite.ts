import type { Database, Queryable } from "@datapact/cloud";

/**
 * What a broken cloud does with one SQL statement instead: the statement to
 * run (the same or altered), or `undefined` to skip it as if it affected no row.
 */
export type StatementRewrite = (sql: string, params: readonly unknown[] | undefined) => string | undefined;

const SKIPPED = { rows: [], rowCount: 0 };

function wrapped(q: Queryable, rewrite: StatementRewrite): Queryable {
  return new Proxy(q, {
    get(target, key, receiver) {
      if (key === "query") {
        return (sql: string, params?: readonly unknown[]) => {
          const next = rewrite(sql, params);
          return next === undefined ? Promise.resolve(SKIPPED) : target.query(next, params);
        };
      }
      if (key === "transaction") {
        return <T>(fn: (tx: Queryable) => Promise<T>) => target.transaction((tx) => fn(wrapped(tx, rewrite)));
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/**
 * Makes the cloud's database run `rewrite` over every statement, inside
 * transactions too: how a broken testee's cloud code "forgets" a statement
 * or a condition without touching the SDK. Patches the one Database object
 * every store of the cloud holds.
 */
export function rewriteCloudStatements(db: Database, rewrite: StatementRewrite): void {
  const query = db.query.bind(db);
  const transaction = db.transaction.bind(db);
  const patched: Pick<Queryable, "query" | "transaction"> = {
    query: ((sql: string, params?: readonly unknown[]) => {
      const next = rewrite(sql, params);
      return next === undefined ? Promise.resolve(SKIPPED) : query(next, params);
    }) as Queryable["query"],
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => transaction((tx) => fn(wrapped(tx, rewrite))),
  };
  Object.assign(db, patched);
}
