import { createHmac, timingSafeEqual } from "node:crypto";
import { KeyMaterialError } from "../keys/errors/key-material-error.js";

/** Options of {@link UserTokens}. */
export interface UserTokensOptions {
  /** The signing secret, at least 32 bytes. */
  readonly secret: Uint8Array;
  /** How long a token lives. Default 24 hours. */
  readonly ttlMs?: number;
  readonly now?: () => Date;
}

/** A token just issued. */
export interface IssuedUserToken {
  readonly token: string;
  readonly expiresAt: Date;
}

const PREFIX = "ut1.";
const DEFAULT_TTL_MS = 24 * 3600_000;
const SUBJECT = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Bearer tokens for accounts: `ut1.<payload>.<HMAC-SHA256>`, the payload
 * naming the subject and the expiry. Stateless (nothing stored, nothing to
 * leak from the database) and expiring; the secret signs nothing else.
 */
export class UserTokens {
  readonly #secret: Buffer;
  private readonly ttlMs: number;
  private readonly now: () => Date;

  constructor(options: UserTokensOptions) {
    if (!(options.secret instanceof Uint8Array) || options.secret.length < 32) throw new KeyMaterialError("user token secret", "must be at least 32 bytes");
    this.#secret = Buffer.from(options.secret);
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** Whether a bearer credential is meant to be a user token (whether or not it verifies). */
  static looksLikeOne(credential: string): boolean {
    return credential.startsWith(PREFIX);
  }

  /** A token for `subjectId`, valid from now for the configured lifetime. */
  issue(subjectId: string): IssuedUserToken {
    if (!SUBJECT.test(subjectId)) throw new RangeError("subject ids are 1-128 URL-safe characters");
    const expiresAt = new Date(this.now().getTime() + this.ttlMs);
    const payload = Buffer.from(JSON.stringify({ s: subjectId, e: expiresAt.getTime() }), "utf8").toString("base64url");
    return { token: `${PREFIX}${payload}.${this.sign(payload)}`, expiresAt };
  }

  /** The subject of a valid, unexpired token; undefined for anything else, whatever the input. */
  verify(token: string): string | undefined {
    if (typeof token !== "string" || token.length > 1024 || !token.startsWith(PREFIX)) return undefined;
    const [payload, signature, ...rest] = token.slice(PREFIX.length).split(".");
    if (!payload || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(this.sign(payload), "utf8");
    const given = Buffer.from(signature, "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return undefined;
    }
    const { s, e } = (parsed ?? {}) as { s?: unknown; e?: unknown };
    if (typeof s !== "string" || !SUBJECT.test(s) || typeof e !== "number" || e <= this.now().getTime()) return undefined;
    return s;
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.#secret).update("datapact/user-token/v1\0").update(payload).digest("base64url");
  }
}
