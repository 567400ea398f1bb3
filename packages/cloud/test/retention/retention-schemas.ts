// A product schema built in code for the retention tests: the pact's
// products keep fixed periods only on camera clips (7 days), so the 90-day
// analytics and 180-day advertising periods of the phone white paper (001
// §4.5-4.12, M121) and the two-purpose datum of M089 are declared here.
import { createRegistry } from "@bufbuild/protobuf";
import { annotatedFile, type AnnotatedField } from "@datapact/arbitrary";
import { DataCategory, IdentificationQualifier as Q, pactFiles, Purpose, RetentionKind as R, StorageMeasure } from "@datapact/proto";

const plain = [{ measure: StorageMeasure.PLAIN }];
const sealed = [{ measure: StorageMeasure.FIELD_ENCRYPTED }];

const fields: AnnotatedField[] = [
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

const file = annotatedFile({
  product: { id: "keeper", name: "Retention test product", source: "test" },
  messages: [{ name: "Usage", record: { function: "usage", hops: [] }, fields }],
});

/** keeper.v1.Usage: screen (180 d personalization / 90 d analytics), crash (90 d, sealed), ad_segment (180 d), note (until asked, sealed), scratch (not stored). */
export const UsageSchema = file.messages[0];

/** The pact's types and the test product's. */
export const retentionRegistry = createRegistry(...pactFiles, file);
