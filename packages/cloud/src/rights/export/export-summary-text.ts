import type { DescMessage, Registry } from "@bufbuild/protobuf";
import { planFor, type MessagePlan } from "@datapact/policy";
import type { ExportCounts, ExportedSubject } from "./export-item.js";

/** The seeds' "type of data" labels of a message type's fields (and of the messages it holds), as the pact annotates them. */
function dataTypesOf(schema: DescMessage): string[] {
  const labels = new Set<string>();
  const seen = new Set<MessagePlan>();
  const stack = [planFor(schema)];
  while (stack.length > 0) {
    const plan = stack.pop()!;
    if (seen.has(plan)) continue;
    seen.add(plan);
    for (const slot of plan.slots) {
      if (slot.kind === "leaf" && slot.rule.policy?.dataType) labels.add(slot.rule.policy.dataType);
      if (slot.kind === "nested") stack.push(slot.plan());
    }
  }
  return [...labels].sort();
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The human-readable summary that goes with an export: what kinds of data
 * are stored, per product and message type, in the words the pact's
 * annotations use ("Sleep data", "Heart rate"), and how many of each kind
 * of account row. Counts and labels only: no value of the export appears.
 */
export function exportSummaryText(subject: ExportedSubject, counts: ExportCounts, registry: Registry, exportedAt: Date): string {
  const lines = [
    `Datapact data export, made ${exportedAt.toISOString()}`,
    `Account created ${subject.createdAt.toISOString()}; its data is stored in region "${subject.region}".`,
    "",
    `${plural(counts.recordCount, "record")} stored:`,
  ];
  const byProduct = new Map<string, { type: string; n: number; labels: string[] }[]>();
  for (const [type, n] of [...counts.recordsByType].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const schema = registry.getMessage(type);
    const product = schema ? planFor(schema).productId || "(no product)" : "(unknown type)";
    const entry = { type: schema?.name ?? type, n, labels: schema ? dataTypesOf(schema) : [] };
    byProduct.set(product, [...(byProduct.get(product) ?? []), entry]);
  }
  for (const [product, entries] of [...byProduct].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`  ${product}: ${plural(entries.reduce((s, e) => s + e.n, 0), "record")}`);
    for (const e of entries) lines.push(`    ${e.type}: ${plural(e.n, "record")}${e.labels.length > 0 ? ` (${e.labels.join("; ")})` : ""}`);
  }
  lines.push(
    "",
    `${plural(counts.consentCount, "consent receipt")}, ${plural(counts.deviceCount, "device")}, ${plural(counts.shareCount, "share")}, ` +
      `${plural(counts.switchCount, "function or upload switch", "function or upload switches")}, ${plural(counts.authorizationCount, "manufacturer authorization")}.`,
    "Every record is in the export in full, decrypted, as protobuf JSON under the type named beside it.",
  );
  return lines.join("\n");
}
