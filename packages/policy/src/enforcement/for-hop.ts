import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Hop, Tier } from "@datapact/proto";
import type { ConsentState } from "../consent/consent-state.js";
import { planFor } from "../plan/message-plan.js";
import { hopGate } from "./hop-gate.js";
import { project, type DropListener } from "./project.js";
import type { ProjectionMemo } from "./projection-memo.js";
import { storageGate } from "./storage-gate.js";

/** Options of {@link forHop} and {@link forStorage}. */
export interface ProjectionOptions {
  /** Told about every field removed, with its path and reason (paths never carry map keys). */
  readonly onDrop?: DropListener;
  /**
   * Verdicts to reuse across projections made under the same consent state
   * (one ingest batch, say). Never share one across consent changes.
   */
  readonly memo?: ProjectionMemo;
}

/**
 * The copy of `message` that may cross `hop` under `consent`: display-only
 * values never go past the device<->app hop, device- and app-only values stay
 * where they belong, values whose purposes lack consent or whose function is
 * off are dropped, and unknown fields never cross. Throws
 * ThirdPartyDirectValueError if a third-party-direct value is present at all.
 *
 * Idempotent. Unchanged sub-messages are shared with `message`.
 */
export function forHop<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  hop: Hop,
  consent: ConsentState,
  options: ProjectionOptions = {},
): MessageShape<Desc> {
  return project(planFor(schema), message, hopGate(hop, consent, options.memo), options.onDrop) as MessageShape<Desc>;
}

/**
 * The copy of `message` that may be written at `tier`: no display-only value
 * ever, nothing whose storage or retention at the tier is "not stored", and
 * (given a consent state) nothing unconsented or of a function that is off.
 */
export function forStorage<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  tier: Tier,
  options: ProjectionOptions & { readonly consent?: ConsentState } = {},
): MessageShape<Desc> {
  return project(planFor(schema), message, storageGate(tier, options.consent, options.memo), options.onDrop) as MessageShape<Desc>;
}
