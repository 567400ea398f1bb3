// A small annotated product built in code, for behaviour the reference
// products do not exercise: a device-tier fixed retention period and a
// message that mixes display-only and storable values.
import { FieldDescriptorProto_Type as Type } from "@bufbuild/protobuf/wkt";
import { annotatedFile, type FieldPolicyInit } from "@datapact/arbitrary";
import { DataCategory, Flow, Hop, IdentificationQualifier, Purpose, RetentionKind, StorageMeasure, Tier, TransitMeasure } from "@datapact/proto";

const base = {
  category: DataCategory.OTHER,
  qualifier: IdentificationQualifier.IDENTIFIED,
  purposes: [Purpose.FUNCTIONALITY],
  transit: [{ hop: Hop.DEVICE_APP, measure: TransitMeasure.BLE_LINK }],
} satisfies FieldPolicyInit;

const file = annotatedFile({
  name: "datapact/testing/v1/device_gadget.proto",
  package: "datapact.testing.v1",
  product: { id: "gadget", name: "Test gadget" },
  messages: [
    {
      name: "BrewLog",
      record: { function: "brewing", hops: [Hop.DEVICE_APP] },
      fields: [
        {
          name: "recipe",
          policy: {
            ...base,
            storage: [{ tier: Tier.DEVICE, measure: StorageMeasure.PLAIN }],
            retention: [{ tier: Tier.DEVICE, kind: RetentionKind.FIXED_PERIOD, days: 1 }, { kind: RetentionKind.UNTIL_USER_REQUEST }],
          },
        },
      ],
    },
    {
      name: "CallerCard",
      record: { function: "calls", hops: [Hop.DEVICE_APP] },
      fields: [
        {
          name: "caller_name",
          policy: { ...base, flow: Flow.DISPLAY_ONLY, storage: [{ measure: StorageMeasure.NOT_STORED }], retention: [{ kind: RetentionKind.NOT_STORED }] },
        },
        {
          name: "ring_count",
          type: Type.UINT32,
          policy: {
            ...base,
            storage: [{ tier: Tier.DEVICE, measure: StorageMeasure.PLAIN }],
            retention: [{ tier: Tier.DEVICE, kind: RetentionKind.UNTIL_UNPAIR }, { kind: RetentionKind.UNTIL_USER_REQUEST }],
          },
        },
      ],
    },
  ],
});

/** A log entry the device keeps for one day. */
export const BrewLogSchema = file.messages[0];
/** A caller's name (display-only) and a ring count (kept on the device). */
export const CallerCardSchema = file.messages[1];
