import { createHash } from "node:crypto";
import { InvalidPageTokenError } from "../errors/invalid-page-token-error.js";

/** Where a page of newest-first records stops: the last row's collection instant and id. */
export interface PageCursor {
  readonly collectedAtMs: number;
  readonly recordId: string;
}

const MAX_TOKEN_LENGTH = 1024;

/** A short fingerprint of the query a token belongs to, so a token is refused under other filters. */
function queryFingerprint(subjectId: string, filters: readonly (string | undefined)[]): string {
  const hash = createHash("sha256").update(subjectId);
  for (const f of filters) hash.update("\0").update(f ?? "\u0001");
  return hash.digest("base64url").slice(0, 12);
}

/** An opaque token for the page after `cursor`, bound to the subject and filters. */
export function encodePageToken(cursor: PageCursor, subjectId: string, filters: readonly (string | undefined)[]): string {
  const body = JSON.stringify({ v: 1, c: cursor.collectedAtMs, r: cursor.recordId, f: queryFingerprint(subjectId, filters) });
  return Buffer.from(body, "utf8").toString("base64url");
}

/**
 * Reads a token made by {@link encodePageToken} for the same subject and
 * filters. Throws InvalidPageTokenError for anything else, whatever the input.
 */
export function decodePageToken(token: unknown, subjectId: string, filters: readonly (string | undefined)[]): PageCursor {
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new InvalidPageTokenError();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw new InvalidPageTokenError();
  }
  if (typeof parsed !== "object" || parsed === null) throw new InvalidPageTokenError();
  const { v, c, r, f } = parsed as Record<string, unknown>;
  if (v !== 1 || typeof c !== "number" || !Number.isSafeInteger(c) || typeof r !== "string" || r.length === 0 || r.length > 256) {
    throw new InvalidPageTokenError();
  }
  if (f !== queryFingerprint(subjectId, filters)) throw new InvalidPageTokenError();
  const at = new Date(c);
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1 || at.getUTCFullYear() > 9999) throw new InvalidPageTokenError();
  return { collectedAtMs: c, recordId: r };
}
