import { fromBinary, ScalarType } from "@bufbuild/protobuf";
import type { FieldRule } from "@datapact/policy";
import { cloud, IdentificationQualifier, Tier } from "@datapact/proto";
import { Canary } from "../../canary/canary.js";
import { guardedFields, type FieldSelector } from "../../canary/guarded-fields.js";
import { findCanaries, type CanaryHit } from "../../canary/find-canaries.js";
import type { Observation } from "../../observe/observation.js";
import type { StepRef } from "../../protocol/step-ref.js";
import type { ExecutedStep, Scenario } from "../../runner/scenario.js";
import { observedExchanges } from "./observed-groups.js";

/**
 * A value the cloud keeps linked to the user: stored at the cloud and
 * identified for at least one purpose (pseudonymous analytics live apart,
 * under an install token, and are not the account's data).
 */
export function keptForTheAccount(rule: FieldRule): boolean {
  return rule.tiers.has(Tier.CLOUD) && rule.purposes.some((p) => rule.qualifierFor(p) === IdentificationQualifier.IDENTIFIED);
}

type OkDetail = NonNullable<ExecutedStep["response"]["result"] extends infer R ? (R extends { case: "ok"; value: infer V } ? V : never) : never>["detail"];

/**
 * The testee's own ids from its ok answers to one kind of step (device ids
 * of bind_device, receipt ids of give_consent, share ids of share_device),
 * as markers the kit searches sinks for like canaries. Short ids would
 * match by chance and are left out.
 */
export function answeredIds(scenario: Scenario, pick: (detail: OkDetail) => string | undefined, label: string): Canary[] {
  const out: Canary[] = [];
  for (const step of scenario.steps) {
    const r = step.response.result;
    if (r.case !== "ok") continue;
    const id = pick(r.value.detail);
    if (id !== undefined && id.length >= 8) out.push(Canary.of(label, ScalarType.STRING, id, { step: step.ref }));
  }
  return out;
}

/** The last executed step of a kind, if any. */
export function lastStepNamed(scenario: Scenario, protoName: string): ExecutedStep | undefined {
  return [...scenario.steps].reverse().find((s) => s.ref.name === protoName);
}

/** Hits the kit observed after `step` (storage scanned, traffic relayed, log lines written, answers given after it). */
export function observedAfter(hits: readonly CanaryHit[], step: StepRef): CanaryHit[] {
  return hits.filter((h) => (h.observedAt?.number ?? 0) > step.number);
}

/** A canary's identity, for sets. */
export function canaryKey(c: Canary): string {
  return `${c.fieldPath}\u0000${c.step?.number ?? ""}\u0000${String(c.value)}`;
}

/**
 * Every annotated value the SDKs accept: third-party-direct values (card
 * data) are refused at entry by design and belong to DP-THIRD-PARTY-DIRECT-REFUSED.
 */
export const acceptedValues: FieldSelector = (c) => guardedFields.annotated(c) && !guardedFields.thirdPartyDirect(c);

const withoutIndices = (path: string) => path.replace(/\[[^\]]*\]/g, "");

/** A record the cloud said it stored: its id, the step its Ingest was relayed at, and the canaries of its stored values. */
export interface IngestedRecord {
  readonly recordId: string;
  readonly step: StepRef | undefined;
  readonly hits: readonly CanaryHit[];
}

/**
 * The records the cloud said it stored: for every `SyncService/Ingest` the
 * kit relayed, the records of the request whose ids the response lists as
 * stored, with the canaries of their values less the fields the response
 * says the policy removed. A batch the cloud refused stored nothing.
 */
export function ingestedRecords(observations: readonly Observation[], planted: readonly Canary[]): IngestedRecord[] {
  const out: IngestedRecord[] = [];
  for (const x of observedExchanges(observations)) {
    if (!x.label.endsWith(".SyncService/Ingest")) continue;
    const stored = new Set<string>();
    const dropped = new Map<string, Set<string>>();
    for (const o of x.response) {
      try {
        const r = fromBinary(cloud.IngestResponseSchema, o.bytes);
        for (const id of r.recordIds) stored.add(id);
        for (const d of r.dropped) dropped.set(d.recordId, new Set(d.fieldPaths.map(withoutIndices)));
      } catch {
        // An error body, not an IngestResponse: nothing of this exchange was stored.
      }
    }
    for (const o of x.request) {
      let request: cloud.IngestRequest;
      try {
        request = fromBinary(cloud.IngestRequestSchema, o.bytes);
      } catch {
        continue;
      }
      for (const record of request.records) {
        if (!stored.has(record.recordId)) continue;
        const removed = dropped.get(record.recordId) ?? new Set<string>();
        const hits = findCanaries([{ ...o, bytes: record.payload }], planted).filter((h) => !removed.has(withoutIndices(h.canary.fieldPath)));
        out.push({ recordId: record.recordId, step: x.meta.step, hits });
      }
    }
  }
  return out;
}

/** The canaries of every record the cloud said it stored (see {@link ingestedRecords}), by canary. */
export function storedByIngest(observations: readonly Observation[], planted: readonly Canary[]): Map<string, CanaryHit> {
  const out = new Map<string, CanaryHit>();
  for (const r of ingestedRecords(observations, planted)) for (const h of r.hits) out.set(canaryKey(h.canary), h);
  return out;
}
