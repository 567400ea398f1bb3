// A small annotated schema for the channel projections, built in code so the
// tests pin exact behaviour without depending on the product schemas.
import { FieldDescriptorProto_Label as Label, FieldDescriptorProto_Type as Type } from "@bufbuild/protobuf/wkt";
import { annotatedFile, type FieldPolicyInit } from "@datapact/arbitrary";
import {
  DataCategory as C,
  Flow,
  Hop,
  IdentificationQualifier as Q,
  Purpose as P,
  RetentionKind,
  StorageMeasure,
  Tier,
  TransitMeasure,
} from "@datapact/proto";

// Every annotated field travels to the cloud and is kept there unless it says otherwise.
const travels = (policy: FieldPolicyInit): FieldPolicyInit => ({
  transit: [
    { hop: Hop.DEVICE_APP, measure: TransitMeasure.BLE_LINK },
    { hop: Hop.APP_CLOUD, measure: TransitMeasure.TLS },
  ],
  storage: [{ measure: StorageMeasure.PLAIN }],
  retention: [{ kind: RetentionKind.UNTIL_USER_REQUEST }],
  ...policy,
});

const file = annotatedFile({
  name: "datapact/testing/v1/channels.proto",
  package: "datapact.testing.v1",
  product: { id: "kit", name: "Channel test kit" },
  messages: [
    {
      name: "Usage",
      record: { function: "usage" },
      fields: [
        { name: "install_id", policy: travels({ category: C.USAGE_DATA, qualifier: Q.PSEUDONYMIZED, purposes: [P.ANALYTICS] }) },
        {
          name: "account_id",
          policy: travels({
            category: C.IDENTIFIERS,
            qualifier: Q.IDENTIFIED,
            purposes: [P.FUNCTIONALITY, P.ANALYTICS],
            uses: [{ purpose: P.ANALYTICS, qualifier: Q.IDENTIFIED }],
          }),
        },
        { name: "taps", type: Type.UINT32, policy: travels({ category: C.USAGE_DATA, qualifier: Q.PSEUDONYMIZED, purposes: [P.FUNCTIONALITY, P.ANALYTICS] }) },
        // Identified for the function, pseudonymized for analytics (seed mechanism M089).
        {
          name: "crash",
          policy: travels({
            category: C.DIAGNOSTICS,
            qualifier: Q.IDENTIFIED,
            purposes: [P.FUNCTIONALITY, P.ANALYTICS],
            uses: [{ purpose: P.ANALYTICS, qualifier: Q.PSEUDONYMIZED }],
          }),
        },
        { name: "anon_count", type: Type.UINT32, policy: travels({ category: C.USAGE_DATA, qualifier: Q.ANONYMIZED, purposes: [P.ANALYTICS] }) },
        {
          name: "screen_text",
          policy: travels({
            category: C.USER_CONTENT,
            qualifier: Q.IDENTIFIED,
            purposes: [P.FUNCTIONALITY],
            flow: Flow.DISPLAY_ONLY,
            transit: [{ hop: Hop.DEVICE_APP, measure: TransitMeasure.BLE_LINK }],
            storage: [{ measure: StorageMeasure.NOT_STORED }],
            retention: [{ kind: RetentionKind.NOT_STORED }],
          }),
        },
        { name: "unqualified", policy: travels({ category: C.USAGE_DATA, purposes: [P.ANALYTICS] }) },
        {
          name: "route",
          type: Type.BYTES,
          policy: travels({
            category: C.LOCATION,
            qualifier: Q.IDENTIFIED,
            purposes: [P.FUNCTIONALITY],
            uploadSwitch: "upload_routes",
            storage: [{ tier: Tier.APP, measure: StorageMeasure.FIELD_ENCRYPTED }, { measure: StorageMeasure.PLAIN }],
          }),
        },
        { name: "events", type: Type.MESSAGE, label: Label.REPEATED, typeName: ".datapact.testing.v1.Event" },
      ],
    },
    {
      name: "Event",
      record: { function: "usage" },
      fields: [{ name: "screen", policy: travels({ category: C.USAGE_DATA, qualifier: Q.PSEUDONYMIZED, purposes: [P.ANALYTICS] }) }],
    },
    {
      name: "Vault",
      record: { function: "vault", offByDefault: true },
      fields: [{ name: "level", type: Type.UINT32, policy: travels({ category: C.USAGE_DATA, qualifier: Q.PSEUDONYMIZED, purposes: [P.ANALYTICS] }) }],
    },
  ],
});

export const [UsageSchema, EventSchema, VaultSchema] = file.messages;
