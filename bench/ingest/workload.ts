// The records both contenders store: a day of a household's sync, as the app
// sends it (cloud.Record envelopes with honest statements), and the same
// rows as a plain insert would write them.
import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { consentSnapshot, planFor, statementFor } from "@datapact/policy";
import { band, cloud, DataUseStatementSchema, home, Purpose } from "@datapact/proto";

const PURPOSES = [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING];

/** One record of the workload, in both forms. */
export interface WorkloadRecord {
  readonly envelope: cloud.Record;
  readonly plainRow: {
    readonly productId: string;
    readonly messageType: string;
    readonly deviceId: string | null;
    readonly payload: Uint8Array;
    readonly statement: Uint8Array;
    readonly purposes: string;
    readonly qualifier: number;
    readonly collectedAt: string;
  };
}

/** Three kinds in turn: a device state report (device id sealed), feedback (e-mail sealed), a heart-rate sample (nothing sealed). */
export function workload(count: number, receiptId: string, policyVersion: string, deviceId: string, prefix: string): WorkloadRecord[] {
  const out: WorkloadRecord[] = [];
  const day = Date.UTC(2026, 0, 15);
  for (let i = 0; i < count; i++) {
    const at = new Date(day + i * 1000);
    let schema;
    let message;
    switch (i % 3) {
      case 0:
        schema = home.DeviceEventReportSchema;
        message = create(schema, { deviceId, properties: [{ property: "power", value: i % 2 ? "true" : "false" }, { property: "temperature", value: String(20 + (i % 7)) }] });
        break;
      case 1:
        schema = band.FeedbackRecordSchema;
        message = create(schema, { feedbackText: `The strap is loose (${i})`, contactEmail: `user${i}@example.org`, deviceType: "band 8" });
        break;
      default:
        schema = band.HeartRateSampleSchema;
        message = create(schema, { beatsPerMinute: 55 + (i % 40), measuredAt: timestampFromDate(at) });
    }
    const plan = planFor(schema);
    const statement = statementFor(schema, message as never, {
      consent: consentSnapshot({ [plan.productId]: { purposes: PURPOSES, enabledFunctions: plan.fn ? [plan.fn] : [] } }),
      policyVersion,
      consentReceiptId: receiptId,
    });
    const payload = toBinary(schema, message as never);
    const recordDevice = i % 3 === 2 ? "" : deviceId;
    out.push({
      envelope: create(cloud.RecordSchema, { recordId: `${prefix}-${i}`, statement, payload, collectedAt: timestampFromDate(at), deviceId: recordDevice }),
      plainRow: {
        productId: plan.productId,
        messageType: schema.typeName,
        deviceId: recordDevice || null,
        payload,
        statement: toBinary(DataUseStatementSchema, statement),
        purposes: `{${statement.purposes.join(",")}}`,
        qualifier: statement.qualifier,
        collectedAt: at.toISOString(),
      },
    });
  }
  return out;
}
