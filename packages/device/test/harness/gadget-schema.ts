// A small annotated product built in code, for behaviour the reference
// products do not exercise: a device-tier fixed retention period and a
// message that mixes display-only and storable values.
import { create, createFileRegistry, setExtension, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import {
  DescriptorProtoSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
  type FieldDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";
import {
  data,
  DataCategory,
  FieldPolicySchema,
  Flow,
  Hop,
  IdentificationQualifier,
  MessagePolicySchema,
  pactFiles,
  product,
  ProductPolicySchema,
  Purpose,
  record,
  RetentionKind,
  StorageMeasure,
  Tier,
  TransitMeasure,
  type FieldPolicy,
  type MessagePolicy,
} from "@datapact/proto";

type PolicyInit = MessageInitShape<typeof FieldPolicySchema>;

function field(name: string, number: number, type: Type, policy: PolicyInit): MessageInitShape<typeof FieldDescriptorProtoSchema> {
  const options = create(FieldOptionsSchema);
  setExtension(options, data, create(FieldPolicySchema, policy) as FieldPolicy);
  return { name, number, type, label: Label.OPTIONAL, jsonName: name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), options };
}

function message(name: string, fields: MessageInitShape<typeof FieldDescriptorProtoSchema>[], policy: MessageInitShape<typeof MessagePolicySchema>): MessageInitShape<typeof DescriptorProtoSchema> {
  const options = create(MessageOptionsSchema);
  setExtension(options, record, create(MessagePolicySchema, policy) as MessagePolicy);
  return { name, field: fields, options };
}

const base = {
  category: DataCategory.OTHER,
  qualifier: IdentificationQualifier.IDENTIFIED,
  purposes: [Purpose.FUNCTIONALITY],
  transit: [{ hop: Hop.DEVICE_APP, measure: TransitMeasure.BLE_LINK }],
} satisfies PolicyInit;

const fileOptions = create(FileOptionsSchema);
setExtension(fileOptions, product, create(ProductPolicySchema, { id: "gadget", name: "Test gadget" }));

const fileProto = create(FileDescriptorProtoSchema, {
  name: "datapact/testing/v1/device_gadget.proto",
  package: "datapact.testing.v1",
  syntax: "proto3",
  dependency: ["datapact/privacy/v1/options.proto"],
  options: fileOptions,
  messageType: [
    message(
      "BrewLog",
      [
        field("recipe", 1, Type.STRING, {
          ...base,
          storage: [{ tier: Tier.DEVICE, measure: StorageMeasure.PLAIN }],
          retention: [{ tier: Tier.DEVICE, kind: RetentionKind.FIXED_PERIOD, days: 1 }, { kind: RetentionKind.UNTIL_USER_REQUEST }],
        }),
      ],
      { function: "brewing", hops: [Hop.DEVICE_APP] },
    ),
    message(
      "CallerCard",
      [
        field("caller_name", 1, Type.STRING, {
          ...base,
          flow: Flow.DISPLAY_ONLY,
          storage: [{ measure: StorageMeasure.NOT_STORED }],
          retention: [{ kind: RetentionKind.NOT_STORED }],
        }),
        field("ring_count", 2, Type.UINT32, {
          ...base,
          storage: [{ tier: Tier.DEVICE, measure: StorageMeasure.PLAIN }],
          retention: [{ tier: Tier.DEVICE, kind: RetentionKind.UNTIL_UNPAIR }, { kind: RetentionKind.UNTIL_USER_REQUEST }],
        }),
      ],
      { function: "calls", hops: [Hop.DEVICE_APP] },
    ),
  ],
});

const registry = createFileRegistry(fileProto, (name) => pactFiles.find((f) => f.proto.name === name));

/** A log entry the device keeps for one day. */
export const BrewLogSchema = registry.getMessage("datapact.testing.v1.BrewLog") as DescMessage;
/** A caller's name (display-only) and a ring count (kept on the device). */
export const CallerCardSchema = registry.getMessage("datapact.testing.v1.CallerCard") as DescMessage;
