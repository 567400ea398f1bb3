// A small annotated schema for the channel projections, built in code so the
// tests pin exact behaviour without depending on the product schemas.
import { create, createFileRegistry, setExtension, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import {
  DescriptorProtoSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
} from "@bufbuild/protobuf/wkt";
import {
  data,
  DataCategory as C,
  FieldPolicySchema,
  Flow,
  Hop,
  IdentificationQualifier as Q,
  MessagePolicySchema,
  pactFiles,
  product,
  ProductPolicySchema,
  Purpose as P,
  record,
  RetentionKind,
  StorageMeasure,
  Tier,
  TransitMeasure,
  type FieldPolicy,
  type MessagePolicy,
} from "@datapact/proto";

type PolicyInit = MessageInitShape<typeof FieldPolicySchema>;

const travels: PolicyInit = {
  transit: [
    { hop: Hop.DEVICE_APP, measure: TransitMeasure.BLE_LINK },
    { hop: Hop.APP_CLOUD, measure: TransitMeasure.TLS },
  ],
  storage: [{ measure: StorageMeasure.PLAIN }],
  retention: [{ kind: RetentionKind.UNTIL_USER_REQUEST }],
};

function field(name: string, number: number, type: Type, policy?: PolicyInit, extra: MessageInitShape<typeof FieldDescriptorProtoSchema> = {}) {
  const options = create(FieldOptionsSchema);
  if (policy) setExtension(options, data, create(FieldPolicySchema, { ...travels, ...policy } as PolicyInit) as FieldPolicy);
  return { name, number, type, label: Label.OPTIONAL, jsonName: name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), options, ...extra };
}

function message(name: string, fields: ReturnType<typeof field>[], policy?: MessageInitShape<typeof MessagePolicySchema>): MessageInitShape<typeof DescriptorProtoSchema> {
  const options = create(MessageOptionsSchema);
  if (policy) setExtension(options, record, create(MessagePolicySchema, policy) as MessagePolicy);
  return { name, field: fields, options };
}

const fileOptions = create(FileOptionsSchema);
setExtension(fileOptions, product, create(ProductPolicySchema, { id: "kit", name: "Channel test kit" }));

const fileProto = create(FileDescriptorProtoSchema, {
  name: "datapact/testing/v1/channels.proto",
  package: "datapact.testing.v1",
  syntax: "proto3",
  dependency: ["datapact/privacy/v1/options.proto"],
  options: fileOptions,
  messageType: [
    message(
      "Usage",
      [
        field("install_id", 1, Type.STRING, { category: C.USAGE_DATA, qualifier: Q.PSEUDONYMIZED, purposes: [P.ANALYTICS] }),
        field("account_id", 2, Type.STRING, {
          category: C.IDENTIFIERS,
          qualifier: Q.IDENTIFIED,
          purposes: [P.FUNCTIONALITY, P.ANALYTICS],
          uses: [{ purpose: P.ANALYTICS, qualifier: Q.IDENTIFIED }],
        }),
        field("taps", 3, Type.UINT32, { category: C.USAGE_DATA, qualifier: Q.PSEUDONYMIZED, purposes: [P.FUNCTIONALITY, P.ANALYTICS] }),
        // Identified for the function, pseudonymized for analytics (seed mechanism M089).
        field("crash", 4, Type.STRING, {
          category: C.DIAGNOSTICS,
          qualifier: Q.IDENTIFIED,
          purposes: [P.FUNCTIONALITY, P.ANALYTICS],
          uses: [{ purpose: P.ANALYTICS, qualifier: Q.PSEUDONYMIZED }],
        }),
        field("anon_count", 5, Type.UINT32, { category: C.USAGE_DATA, qualifier: Q.ANONYMIZED, purposes: [P.ANALYTICS] }),
        field("screen_text", 6, Type.STRING, {
          category: C.USER_CONTENT,
          qualifier: Q.IDENTIFIED,
          purposes: [P.FUNCTIONALITY],
          flow: Flow.DISPLAY_ONLY,
          transit: [{ hop: Hop.DEVICE_APP, measure: TransitMeasure.BLE_LINK }],
          storage: [{ measure: StorageMeasure.NOT_STORED }],
          retention: [{ kind: RetentionKind.NOT_STORED }],
        }),
        field("unqualified", 7, Type.STRING, { category: C.USAGE_DATA, purposes: [P.ANALYTICS] }),
        field("route", 8, Type.BYTES, {
          category: C.LOCATION,
          qualifier: Q.IDENTIFIED,
          purposes: [P.FUNCTIONALITY],
          uploadSwitch: "upload_routes",
          storage: [{ tier: Tier.APP, measure: StorageMeasure.FIELD_ENCRYPTED }, { measure: StorageMeasure.PLAIN }],
        }),
        field("events", 9, Type.MESSAGE, undefined, { typeName: ".datapact.testing.v1.Event", label: Label.REPEATED }),
      ],
      { function: "usage" },
    ),
    message("Event", [field("screen", 1, Type.STRING, { category: C.USAGE_DATA, qualifier: Q.PSEUDONYMIZED, purposes: [P.ANALYTICS] })], {
      function: "usage",
    }),
    message("Vault", [field("level", 1, Type.UINT32, { category: C.USAGE_DATA, qualifier: Q.PSEUDONYMIZED, purposes: [P.ANALYTICS] })], {
      function: "vault",
      offByDefault: true,
    }),
  ],
});

const deps = new Map(pactFiles.map((f) => [f.proto.name, f] as const));
const registry = createFileRegistry(fileProto, (name) => deps.get(name));
const msg = (n: string): DescMessage => registry.getMessage(`datapact.testing.v1.${n}`)!;

export const UsageSchema = msg("Usage");
export const EventSchema = msg("Event");
export const VaultSchema = msg("Vault");
