import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { recordExpiry } from "@datapact/policy";
import { Tier, type DataUseStatement } from "@datapact/proto";

/**
 * The expires_at a record gets when it is stored at the cloud: the
 * earliest fixed period of any value it holds, for the purposes its
 * statement names (the policy's recordExpiry); undefined when every value
 * is kept until an event. The retention sweeper cuts or erases the record
 * then. The ingest path (IngestPipeline.prepare) computes exactly this.
 */
export function storageExpiry<Desc extends DescMessage>(schema: Desc, stored: MessageShape<Desc>, statement: DataUseStatement, collectedAt: Date): Date | undefined {
  return recordExpiry(schema, stored, Tier.CLOUD, collectedAt, statement.purposes);
}
