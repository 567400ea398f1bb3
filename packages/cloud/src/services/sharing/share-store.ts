import { randomUUID } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { cloud } from "@datapact/proto";
import type { Queryable } from "../../storage/database/database.js";
import { DatabaseQueryError } from "../../storage/errors/database-query-error.js";
import { notFound, RejectedRequestError } from "../errors/rejected-request-error.js";

/** A share as stored. */
export interface ShareRow {
  readonly ownerSubjectId: string;
  readonly shareId: string;
  readonly granteeSubjectId: string;
  readonly deviceId: string;
  readonly permissions: readonly cloud.SharePermission[];
  readonly createdAt: Date;
  readonly revokedAt: Date | undefined;
}

interface Row {
  owner_subject_id: string;
  share_id: string;
  grantee_subject_id: string;
  device_id: string;
  permissions: number[];
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = "owner_subject_id, share_id, grantee_subject_id, device_id, permissions, created_at, revoked_at";

function shareFrom(row: Row): ShareRow {
  return {
    ownerSubjectId: row.owner_subject_id,
    shareId: row.share_id,
    granteeSubjectId: row.grantee_subject_id,
    deviceId: row.device_id,
    permissions: row.permissions.map(Number) as cloud.SharePermission[],
    createdAt: row.created_at,
    revokedAt: row.revoked_at ?? undefined,
  };
}

/**
 * The shares table: which device an owner shared with which account, with
 * which permissions, until when. The owner stays the sole owner; revoking
 * ends the share at once (000 §3.8; M145, M146).
 */
export class ShareStore {
  constructor(private readonly db: Queryable) {}

  bind(q: Queryable): ShareStore {
    return new ShareStore(q);
  }

  /** Records a share. ALREADY_EXISTS while the same share stands; NOT_FOUND for an unknown grantee. */
  async create(owner: string, deviceId: string, grantee: string, permissions: readonly cloud.SharePermission[], at: Date): Promise<ShareRow> {
    try {
      const { rows } = await this.db.query<Row>(
        `insert into shares (owner_subject_id, share_id, grantee_subject_id, device_id, permissions, created_at)
         values ($1, $2, $3, $4, $5::int[], $6) returning ${COLUMNS}`,
        [owner, `shr_${randomUUID()}`, grantee, deviceId, `{${permissions.join(",")}}`, at.toISOString()],
      );
      return shareFrom(rows[0]!);
    } catch (err) {
      if (err instanceof DatabaseQueryError && err.violates("shares_standing_once"))
        throw new RejectedRequestError(Code.AlreadyExists, "SHARE_EXISTS", "the device is already shared with that account");
      if (err instanceof DatabaseQueryError && err.violates("shares_grantee_fk")) throw notFound("ACCOUNT_NOT_FOUND", "no such account");
      throw err;
    }
  }

  /** Ends one of the owner's standing shares; returns it, or undefined when the owner has no such standing share. */
  async revoke(owner: string, shareId: string, at: Date): Promise<ShareRow | undefined> {
    const { rows } = await this.db.query<Row>(
      `update shares set revoked_at = $3 where owner_subject_id = $1 and share_id = $2 and revoked_at is null returning ${COLUMNS}`,
      [owner, shareId, at.toISOString()],
    );
    return rows[0] && shareFrom(rows[0]);
  }

  /** Ends every standing share of a device (it was unbound); returns how many. */
  async revokeAllOf(owner: string, deviceId: string, at: Date): Promise<number> {
    const { rowCount } = await this.db.query("update shares set revoked_at = $3 where owner_subject_id = $1 and device_id = $2 and revoked_at is null", [
      owner,
      deviceId,
      at.toISOString(),
    ]);
    return rowCount;
  }

  /** Shares the owner granted, revoked ones included, newest first. */
  async granted(owner: string): Promise<ShareRow[]> {
    const { rows } = await this.db.query<Row>(`select ${COLUMNS} from shares where owner_subject_id = $1 order by created_at desc, share_id`, [owner]);
    return rows.map(shareFrom);
  }

  /** Shares standing for the grantee, newest first. */
  async received(grantee: string): Promise<ShareRow[]> {
    const { rows } = await this.db.query<Row>(
      `select ${COLUMNS} from shares where grantee_subject_id = $1 and revoked_at is null order by created_at desc, share_id`,
      [grantee],
    );
    return rows.map(shareFrom);
  }

  /** The standing share of a device with the grantee, if any. */
  async standing(deviceId: string, grantee: string): Promise<ShareRow | undefined> {
    const { rows } = await this.db.query<Row>(
      `select ${COLUMNS} from shares where grantee_subject_id = $1 and device_id = $2 and revoked_at is null order by created_at desc limit 1`,
      [grantee, deviceId],
    );
    return rows[0] && shareFrom(rows[0]);
  }
}
