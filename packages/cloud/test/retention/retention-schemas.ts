// A product schema built in code for the retention tests: the pact's
// products keep fixed periods only on camera clips (7 days), so the 90-day
// analytics and 180-day advertising periods of the phone white paper (001
// §4.5-4.12, M121) and the two-purpose datum of M089 are declared here.
import { create, createFileRegistry, createRegistry, setExtension, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
} from "@bufbuild/protobuf/wkt";
import {
  data,
  DataCategory,
  FieldPolicySchema,
  IdentificationQualifier as Q,
  MessagePolicySchema,
  pactFiles,
  product,
  ProductPolicySchema,
  Purpose,
  record,
  RetentionKind as R,
  StorageMeasure,
} from "@datapact/proto";

type Policy = MessageInitShape<typeof FieldPolicySchema>;
const plain = [{ measure: StorageMeasure.PLAIN }];
const sealed = [{ measure: StorageMeasure.FIELD_ENCRYPTED }];

const FIELDS: { name: string; policy: Policy }[] = [
  {
    // One datum, two uses: identified for personalization 180 days, pseudonymized for analytics 90 (M089).
    name: "screen",
    policy: {
      category: DataCategory.USAGE_DATA,
      qualifier: Q.IDENTIFIED,
      purposes: [Purpose.PERSONALIZATION, Purpose.ANALYTICS],
      storage: plain,
      retention: [{ kind: R.FIXED_PERIOD, days: 180 }],
      uses: [
        { purpose: Purpose.PERSONALIZATION, qualifier: Q.IDENTIFIED, retention: [{ kind: R.FIXED_PERIOD, days: 180 }] },
        { purpose: Purpose.ANALYTICS, qualifier: Q.PSEUDONYMIZED, retention: [{ kind: R.FIXED_PERIOD, days: 90 }] },
      ],
    },
  },
  // Crash data, 90 days, stored field-encrypted.
  { name: "crash", policy: { category: DataCategory.DIAGNOSTICS, qualifier: Q.PSEUDONYMIZED, purposes: [Purpose.ANALYTICS], storage: sealed, retention: [{ kind: R.FIXED_PERIOD, days: 90 }] } },
  {
    name: "ad_segment",
    policy: {
      category: DataCategory.USAGE_DATA,
      qualifier: Q.IDENTIFIED,
      purposes: [Purpose.ADVERTISING],
      storage: plain,
      retention: [{ kind: R.FIXED_PERIOD, days: 180 }],
      uses: [{ purpose: Purpose.ADVERTISING, qualifier: Q.IDENTIFIED, retention: [{ kind: R.FIXED_PERIOD, days: 180 }] }],
    },
  },
  // Kept until the user asks.
  { name: "note", policy: { category: DataCategory.OTHER, qualifier: Q.IDENTIFIED, purposes: [Purpose.FUNCTIONALITY], storage: sealed, retention: [{ kind: R.UNTIL_USER_REQUEST }] } },
  // Never stored at all.
  { name: "scratch", policy: { category: DataCategory.OTHER, qualifier: Q.IDENTIFIED, purposes: [Purpose.FUNCTIONALITY], storage: [{ measure: StorageMeasure.NOT_STORED }], retention: [{ kind: R.NOT_STORED }] } },
];

function buildFile() {
  const fileOptions = create(FileOptionsSchema);
  setExtension(fileOptions, product, create(ProductPolicySchema, { id: "keeper", name: "Retention test product", source: "test" }));
  const messageOptions = create(MessageOptionsSchema);
  setExtension(messageOptions, record, create(MessagePolicySchema, { function: "usage", hops: [] }));
  const proto = create(FileDescriptorProtoSchema, {
    name: "datapact/testing/keeper/v1/keeper.proto",
    package: "datapact.testing.keeper.v1",
    syntax: "proto3",
    dependency: ["datapact/privacy/v1/options.proto"],
    options: fileOptions,
    messageType: [
      {
        name: "Usage",
        options: messageOptions,
        field: FIELDS.map((f, i) => {
          const options = create(FieldOptionsSchema);
          setExtension(options, data, create(FieldPolicySchema, f.policy));
          return { name: f.name, number: i + 1, type: Type.STRING, label: Label.OPTIONAL, jsonName: f.name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), options };
        }),
      },
    ],
  });
  return createFileRegistry(proto, (dep) => pactFiles.find((f) => f.proto.name === dep)).getFile(proto.name)!;
}

const file = buildFile();

/** keeper.v1.Usage: screen (180 d personalization / 90 d analytics), crash (90 d, sealed), ad_segment (180 d), note (until asked, sealed), scratch (not stored). */
export const UsageSchema = file.messages[0]! as DescMessage;

/** The pact's types and the test product's. */
export const retentionRegistry = createRegistry(...pactFiles, file);
