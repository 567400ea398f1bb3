import { toBinary } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { forStorage, forUnlinkedChannel, identifiability, partitionAtRest, recordExpiry, type ConsentState } from "@datapact/policy";
import { Hop, IdentificationQualifier, Purpose, Tier, type cloud } from "@datapact/proto";
import { installTokenHash } from "../../rights/withdraw/install-token-hash.js";
import { checkedId } from "../../storage/validation/checked-id.js";
import type { CloudContext } from "../cloud-context.js";
import { invalidArgument, permissionDenied, RejectedRequestError } from "../errors/rejected-request-error.js";
import { fieldPathText } from "../field-path-text.js";

const DAY_MS = 86_400_000;
const PSEUDONYMIZED = identifiability(IdentificationQualifier.PSEUDONYMIZED);

/**
 * Enrolment in the improvement plan is the consent; the app has already
 * applied the user's function and upload switches, which the cloud cannot
 * see without linking the install to the account.
 */
const analyticsOnly: ConsentState = {
  allowsPurpose: (_productId, purpose) => purpose === Purpose.ANALYTICS,
  isFunctionEnabled: () => true,
  isUploadEnabled: () => true,
};

/** What storing an analytics batch did. */
export interface AnalyticsIngestResult {
  readonly eventIds: readonly string[];
  readonly dropped: readonly { readonly recordId: string; readonly fieldPaths: readonly string[] }[];
}

/**
 * The User Experience Improvement Plan's ingest (000 §05; M014, M084, M088):
 * records sent with an install token and no account, stored in
 * analytics_events keyed by that token and never by a data subject. Each
 * statement must claim analytics alone, pseudonymized or weaker, under the
 * general policy in force; the policy's unlinked-channel projection keeps
 * only what may travel without the account, and nothing the pact stores
 * field-encrypted is kept (there is no subject key to seal it under).
 */
export class AnalyticsIngest {
  constructor(private readonly ctx: CloudContext) {}

  async ingest(installToken: string, records: readonly cloud.Record[]): Promise<AnalyticsIngestResult> {
    const { ctx } = this;
    if (records.length > ctx.limits.maxRecordsPerBatch) {
      throw new RejectedRequestError(Code.ResourceExhausted, "BATCH_TOO_LARGE", `at most ${ctx.limits.maxRecordsPerBatch} records per call`);
    }
    const { rows: revoked } = await ctx.db.query("select 1 from revoked_install_tokens where token_hash = $1", [installTokenHash(installToken)]);
    if (revoked.length > 0) throw permissionDenied("CONSENT_WITHDRAWN", "the improvement plan was left under this install token");
    const general = ctx.policies.general();
    const at = ctx.clock.now();
    const rows = records.map((record, i) => {
      const argument = `records[${i}]`;
      const eventId = checkedId(record.recordId, `${argument}.record_id`);
      if (record.deviceId !== "") throw invalidArgument("ANALYTICS_STATEMENT_INVALID", `${argument}.device_id: analytics never name a device`);
      const { schema, message, statement } = ctx.policy.validateRecord(record);
      if (statement.purposes.length !== 1 || statement.purposes[0] !== Purpose.ANALYTICS)
        throw invalidArgument("ANALYTICS_STATEMENT_INVALID", `${argument}: an unlinked record is sent for analytics alone`);
      if (identifiability(statement.qualifier) < PSEUDONYMIZED)
        throw invalidArgument("ANALYTICS_STATEMENT_INVALID", `${argument}: an unlinked record is pseudonymized or weaker`);
      if (!general || statement.policyVersion !== general.version || !general.purposes.includes(Purpose.ANALYTICS))
        throw permissionDenied("POLICY_VERSION_NOT_CURRENT", `${argument}: enrolment was under a general policy version that is not in force`);
      const fieldPaths: string[] = [];
      const onDrop = (path: Parameters<typeof fieldPathText>[0]) => fieldPaths.push(fieldPathText(path));
      const unlinked = forUnlinkedChannel(schema, message, Hop.APP_CLOUD, Purpose.ANALYTICS, analyticsOnly, { onDrop });
      const stored = partitionAtRest(schema, forStorage(schema, unlinked, Tier.CLOUD, { consent: analyticsOnly, onDrop }), Tier.CLOUD).plain;
      const collectedAt = record.collectedAt ? timestampDate(record.collectedAt) : at;
      if (Number.isNaN(collectedAt.getTime())) throw invalidArgument("INVALID_REQUEST", `${argument}.collected_at: not a valid time`);
      const expiresAt =
        recordExpiry(schema, stored, Tier.CLOUD, collectedAt, [Purpose.ANALYTICS]) ?? new Date(collectedAt.getTime() + ctx.limits.analyticsRetentionDays * DAY_MS);
      return {
        eventId,
        productId: statement.productId,
        messageType: schema.typeName,
        payload: toBinary(schema, stored),
        qualifier: statement.qualifier,
        collectedAt,
        expiresAt,
        fieldPaths,
      };
    });
    if (rows.length > 0) {
      await ctx.db.query(
        `insert into analytics_events (install_token, event_id, product_id, message_type, payload, purposes, qualifier, collected_at, expires_at)
         select $1, r.event_id, r.product_id, r.message_type, r.payload, $2::int[], r.qualifier, r.collected_at, r.expires_at
         from unnest($3::text[], $4::text[], $5::text[], $6::bytea[], $7::int[], $8::timestamptz[], $9::timestamptz[])
              as r(event_id, product_id, message_type, payload, qualifier, collected_at, expires_at)
         on conflict (install_token, event_id) do nothing`,
        [
          installToken,
          `{${Purpose.ANALYTICS}}`,
          rows.map((r) => r.eventId),
          rows.map((r) => r.productId),
          rows.map((r) => r.messageType),
          rows.map((r) => r.payload),
          rows.map((r) => r.qualifier),
          rows.map((r) => r.collectedAt.toISOString()),
          rows.map((r) => r.expiresAt.toISOString()),
        ],
      );
    }
    return {
      eventIds: rows.map((r) => r.eventId),
      dropped: rows.filter((r) => r.fieldPaths.length > 0).map((r) => ({ recordId: r.eventId, fieldPaths: r.fieldPaths })),
    };
  }
}
