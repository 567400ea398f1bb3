import type { Registry } from "@bufbuild/protobuf";
import { planFor, type FieldRule } from "@datapact/policy";
import { Hop, Tier } from "@datapact/proto";
import type { Canary } from "../canary/canary.js";
import type { CanaryHit } from "../canary/find-canaries.js";
import { sinkKind, type Sink } from "../observe/observation.js";

/** A column of the data-flow picture. */
export type FlowPlace = "device" | "app" | "cloud" | "log" | "export" | "read-as";

/** Where one guarded field's canaries were found, against where the pact lets it go. */
export interface DataFlowEntry {
  readonly productId: string;
  readonly messageType: string;
  /** The field's path without list indices, e.g. `frames.text`. */
  readonly field: string;
  /** Canaries planted in it across all scenarios. */
  readonly planted: number;
  /** Tiers the pact lets the value be stored at (per @datapact/policy). */
  readonly allowedTiers: readonly ("device" | "app" | "cloud")[];
  readonly reached: readonly {
    readonly sink: string;
    readonly place: FlowPlace;
    /** Whether the pact lets the value reach this sink; undefined where it depends on the scenario (what a shared party reads). */
    readonly allowed: boolean | undefined;
    readonly hits: number;
  }[];
}

function placeOf(sink: Sink): FlowPlace {
  if (sink === "log") return "log";
  if (sink === "export") return "export";
  if (sink === "read-as") return "read-as";
  if (sink === "device-store") return "device";
  if (sink === "app-store" || sink === "hop:device->app") return "app";
  return "cloud";
}

function allowedAt(sink: Sink, rule: FieldRule | undefined): boolean | undefined {
  if (!rule) return undefined;
  switch (sinkKind(sink)) {
    case "log":
      return false;
    case "read-as":
      return undefined;
    case "device-store":
      return rule.tiers.has(Tier.DEVICE);
    case "app-store":
      return rule.tiers.has(Tier.APP);
    case "hop:device->app":
      return rule.hops.has(Hop.DEVICE_APP);
    case "hop:app->cloud":
      return rule.hops.has(Hop.APP_CLOUD);
    case "hop:device->cloud":
      return rule.hops.has(Hop.DEVICE_CLOUD);
    case "export":
    case "db":
    case "cloud-store":
      return rule.tiers.has(Tier.CLOUD);
    default:
      return undefined;
  }
}

const TIER_NAMES = [
  [Tier.DEVICE, "device"],
  [Tier.APP, "app"],
  [Tier.CLOUD, "cloud"],
] as const;

/** The path of a field without indices or map keys: `frames[0].text` is `frames.text`. */
export function fieldTemplate(fieldPath: string): string {
  return fieldPath.replace(/\[[^\]]*\]/g, "");
}

/**
 * Accumulates, across every scenario of a run, which guarded field reached
 * which sink: the data-flow picture of the HTML report.
 */
export class DataFlowRecorder {
  private readonly entries = new Map<string, { productId: string; messageType: string; field: string; planted: number; rule: FieldRule | undefined; reached: Map<string, { sink: Sink; hits: number }> }>();

  constructor(private readonly registry: Registry) {}

  /** Records the canaries a scenario planted and where they were found. */
  record(planted: readonly Canary[], hits: readonly CanaryHit[]): void {
    for (const c of planted) this.entryOf(c).planted++;
    const seen = new Set<string>();
    for (const h of hits) {
      // One hit per canary and sink: encodings of the same leak are one leak.
      const once = `${h.canary.key}\u0000${h.sink}`;
      if (seen.has(once)) continue;
      seen.add(once);
      const entry = this.entryOf(h.canary);
      const r = entry.reached.get(h.sink) ?? { sink: h.sink, hits: 0 };
      r.hits++;
      entry.reached.set(h.sink, r);
    }
  }

  /** The picture so far, sorted by product, message and field. */
  entriesSorted(): DataFlowEntry[] {
    return [...this.entries.values()]
      .sort((a, b) => (a.productId + a.messageType + a.field).localeCompare(b.productId + b.messageType + b.field))
      .map((e) => ({
        productId: e.productId,
        messageType: e.messageType,
        field: e.field,
        planted: e.planted,
        allowedTiers: TIER_NAMES.filter(([t]) => e.rule?.tiers.has(t)).map(([, n]) => n),
        reached: [...e.reached.values()]
          .sort((a, b) => a.sink.localeCompare(b.sink))
          .map((r) => ({ sink: r.sink, place: placeOf(r.sink), allowed: allowedAt(r.sink, e.rule), hits: r.hits })),
      }));
  }

  private entryOf(c: Canary) {
    const messageType = c.messageType ?? "";
    const field = fieldTemplate(c.fieldPath);
    const key = `${messageType}\u0000${field}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const schema = messageType ? this.registry.getMessage(messageType) : undefined;
      const leaf = field.split(".").at(-1);
      const desc = schema?.fields.find((f) => f.name === leaf);
      const plan = schema ? planFor(schema) : undefined;
      entry = { productId: plan?.productId ?? "", messageType, field, planted: 0, rule: desc && plan ? plan.ruleFor(desc.number) : undefined, reached: new Map() };
      this.entries.set(key, entry);
    }
    return entry;
  }
}
