import type { DescField } from "@bufbuild/protobuf";
import {
  Flow,
  Hop,
  IdentificationQualifier,
  Purpose,
  RetentionKind,
  StorageMeasure,
  Tier,
  TransitMeasure,
  type FieldPolicy,
  type Retention,
} from "@datapact/proto";
import { flowOf, retentionAt, storageAt, transitOn } from "../annotations/read.js";

/** Hops each flow may cross. Display-only data crosses device<->app only, to reach the screen. */
const HOPS_BY_FLOW: Readonly<Record<Flow, readonly Hop[]>> = {
  [Flow.UNSPECIFIED]: [Hop.DEVICE_APP, Hop.APP_CLOUD, Hop.DEVICE_CLOUD],
  [Flow.CLOUD]: [Hop.DEVICE_APP, Hop.APP_CLOUD, Hop.DEVICE_CLOUD],
  [Flow.APP]: [Hop.DEVICE_APP],
  [Flow.DISPLAY_ONLY]: [Hop.DEVICE_APP],
  [Flow.DEVICE]: [],
  [Flow.THIRD_PARTY_DIRECT]: [],
};

/** Tiers each flow may be stored at. Display-only data is never stored anywhere. */
const TIERS_BY_FLOW: Readonly<Record<Flow, readonly Tier[]>> = {
  [Flow.UNSPECIFIED]: [Tier.DEVICE, Tier.APP, Tier.CLOUD],
  [Flow.CLOUD]: [Tier.DEVICE, Tier.APP, Tier.CLOUD],
  [Flow.APP]: [Tier.DEVICE, Tier.APP],
  [Flow.DEVICE]: [Tier.DEVICE],
  [Flow.DISPLAY_ONLY]: [],
  [Flow.THIRD_PARTY_DIRECT]: [],
};

const NOT_KEPT: ReadonlySet<RetentionKind> = new Set([RetentionKind.NOT_STORED, RetentionKind.TRANSIENT, RetentionKind.THIRD_PARTY]);

/**
 * The compiled decisions for one annotated leaf field: everything the SDKs
 * ask, answered once when the message's plan is built.
 */
export interface FieldRule {
  readonly field: DescField;
  /** The annotation; undefined for an unannotated leaf, which nothing lets through. */
  readonly policy: FieldPolicy | undefined;
  readonly flow: Flow;
  /** Refused at entry: the SDKs never accept such a value. */
  readonly thirdPartyDirect: boolean;
  /** Hops the value may cross, consent aside. */
  readonly hops: ReadonlySet<Hop>;
  /** Tiers the value may be written at. */
  readonly tiers: ReadonlySet<Tier>;
  /** Tiers at which the value is stored field-encrypted. */
  readonly encryptedAt: ReadonlySet<Tier>;
  /** Every purpose the value may be used for (declared purposes and `uses`). */
  readonly purposes: readonly Purpose[];
  /** The per-function upload switch, or "" when none. */
  readonly uploadSwitch: string;
  /** The qualifier under which the value is used for `purpose`. */
  qualifierFor(purpose: Purpose): IdentificationQualifier;
  /** The retention that applies at `tier` when the value is kept for `purpose`. */
  retentionFor(tier: Tier, purpose?: Purpose): Retention | undefined;
}

/** Compiles the rule of one leaf field from its annotation (or its absence). */
export function compileFieldRule(field: DescField, policy: FieldPolicy | undefined): FieldRule {
  if (!policy) {
    return {
      field,
      policy,
      flow: Flow.UNSPECIFIED,
      thirdPartyDirect: false,
      hops: new Set(),
      tiers: new Set(),
      encryptedAt: new Set(),
      purposes: [],
      uploadSwitch: "",
      qualifierFor: () => IdentificationQualifier.UNSPECIFIED,
      retentionFor: () => undefined,
    };
  }
  const flow = flowOf(policy);
  const hops = new Set(HOPS_BY_FLOW[flow].filter((h) => transitOn(policy, h)?.measure !== TransitMeasure.NOT_TRANSMITTED));
  const tiers = new Set(
    TIERS_BY_FLOW[flow].filter((t) => {
      const storage = storageAt(policy, t);
      const retention = retentionAt(policy, t);
      return storage?.measure !== StorageMeasure.NOT_STORED && !(retention && NOT_KEPT.has(retention.kind));
    }),
  );
  const encryptedAt = new Set([...tiers].filter((t) => storageAt(policy, t)?.measure === StorageMeasure.FIELD_ENCRYPTED));
  const purposes = [...new Set([...policy.purposes, ...policy.uses.map((u) => u.purpose)])].filter((p) => p !== Purpose.UNSPECIFIED);
  const useByPurpose = new Map(policy.uses.map((u) => [u.purpose, u]));
  return {
    field,
    policy,
    flow,
    thirdPartyDirect: flow === Flow.THIRD_PARTY_DIRECT,
    hops,
    tiers,
    encryptedAt,
    purposes,
    uploadSwitch: policy.uploadSwitch,
    qualifierFor(purpose) {
      const use = useByPurpose.get(purpose);
      return use && use.qualifier !== IdentificationQualifier.UNSPECIFIED ? use.qualifier : policy.qualifier;
    },
    retentionFor(tier, purpose) {
      const use = purpose === undefined ? undefined : useByPurpose.get(purpose);
      const own = use && use.retention.length > 0 ? use.retention : undefined;
      if (own) return own.find((r) => r.tier === tier) ?? own.find((r) => r.tier === Tier.UNSPECIFIED);
      return retentionAt(policy, tier);
    },
  };
}
