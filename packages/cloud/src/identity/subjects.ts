import { randomUUID } from "node:crypto";
import type { Queryable } from "../storage/database/database.js";
import { InvalidArgumentError } from "../storage/errors/invalid-argument-error.js";
import { checkedId } from "../storage/validation/checked-id.js";

/** A data subject: the person every personal row belongs to. */
export interface Subject {
  /** Random, meaningless outside this platform; the shard key of every personal row. */
  readonly subjectId: string;
  /** The storage region the account chose at sign-up (SEED-MECHANISMS M162). */
  readonly region: string;
  readonly createdAt: Date;
}

// Region codes such as "eu", "in", "sg", "us-east": lower case, short.
const REGION = /^[a-z]{2,8}(-[a-z0-9]{1,8}){0,3}$/;

/** Checks a region code; returns it. */
export function checkedRegion(region: unknown): string {
  if (typeof region !== "string" || !REGION.test(region)) {
    throw new InvalidArgumentError("region", "must be a lower-case region code such as eu, in or us-east");
  }
  return region;
}

/**
 * Creates a data subject in `region` and returns its id: a random UUID, so
 * the id carries nothing about the person (no account name, no phone
 * number, no sequence that dates the sign-up).
 */
export async function createSubject(db: Queryable, region: string, options: { readonly idPrefix?: string } = {}): Promise<string> {
  const r = checkedRegion(region);
  // A node serving one storage location names it in the id (`de_…`), so
  // every later call is routed, and refused elsewhere, without a directory.
  const subjectId = options.idPrefix === undefined ? randomUUID() : `${options.idPrefix}_${randomUUID()}`;
  await db.query("insert into subjects (subject_id, region) values ($1, $2)", [subjectId, r]);
  return subjectId;
}

/** The subject with that id, or undefined. */
export async function findSubject(db: Queryable, subjectId: string): Promise<Subject | undefined> {
  checkedId(subjectId, "subjectId");
  const { rows } = await db.query<{ subject_id: string; region: string; created_at: Date }>(
    "select subject_id, region, created_at from subjects where subject_id = $1",
    [subjectId],
  );
  const row = rows[0];
  return row && { subjectId: row.subject_id, region: row.region, createdAt: row.created_at };
}
