import type { NormalizedSeedRow, SeedRow } from "../../packages/policy/src/inventory/seed-row.js";
import type { AppendixRow } from "./appendix-tables.js";
import { conflictsAt } from "./known-conflicts.js";
import {
  categoryByLabel,
  categoryReadings,
  readPurposes,
  readQualifier,
  readRetention,
  readStorage,
  readTransit,
} from "./seed-vocabulary.js";

/**
 * A seed row with its cells read into the vocabulary. Cells the mapping
 * cannot read stay `null` with a note, so the comparison skips them rather
 * than compare against a guess.
 */
export function normalizeRow(row: AppendixRow): SeedRow {
  const { cells } = row;
  const notes: string[] = [];
  const decisionExpected: string[] = [];
  const conflicts = new Set<number>();
  for (const known of conflictsAt(row.line)) {
    conflicts.add(known.conflict);
    if (known.decide) decisionExpected.push(known.decide);
  }

  const categoryLabel = cells.category.toLowerCase();
  let category: string | null = categoryByLabel[categoryLabel] ?? null;
  if (!category && categoryReadings[categoryLabel]) {
    category = categoryReadings[categoryLabel].category;
    notes.push(categoryReadings[categoryLabel].why);
  }
  if (!category) notes.push(`category "${cells.category}" is not in the vocabulary mapping; not compared`);

  const qualifier = readQualifier(cells.qualifier);
  if (!qualifier) notes.push(`qualifier "${cells.qualifier}" is not in the vocabulary mapping; not compared`);

  const purposes = readPurposes(cells.purpose) ?? null;
  if (!purposes) notes.push(`purpose "${cells.purpose}" is not in the vocabulary mapping; not compared`);

  const transitReading = readTransit(cells.transmission);
  if (!transitReading) notes.push("transmission cell is free text; not compared");
  if (transitReading?.liftedFromUnnamed) {
    conflicts.add(6);
    decisionExpected.push("conflict 6: the seed names no encryption for MQTT; the pact reads it as MQTT over TLS");
  }

  const storageReading = readStorage(cells.storage);
  if (!storageReading) notes.push("storage cell is free text; not compared");
  notes.push(...(storageReading?.notes ?? []));

  let retention = readRetention(cells.retention) ?? null;
  if (!retention) notes.push("retention cell is free text; not compared");

  let flow = transitReading?.flow ?? null;
  let storage = storageReading?.storage ?? null;
  let transit = transitReading?.transit ?? null;
  // The two special qualifiers fix flow, storage and retention whatever the
  // other cells say (shared mapping): a display-only value is stored nowhere;
  // a value the bank collects directly never reaches the pact at all.
  if (qualifier?.flow === "FLOW_DISPLAY_ONLY") {
    flow = qualifier.flow;
    storage = [{ measure: "STORAGE_MEASURE_NOT_STORED" }];
    retention = [{ kind: "RETENTION_KIND_NOT_STORED" }];
  } else if (qualifier?.flow === "FLOW_THIRD_PARTY_DIRECT") {
    flow = qualifier.flow;
    transit = [];
    storage = [{ measure: "STORAGE_MEASURE_NOT_STORED" }];
    retention = [{ kind: "RETENTION_KIND_THIRD_PARTY" }];
  }

  const normalized: NormalizedSeedRow = {
    category,
    qualifier: qualifier?.qualifier ?? null,
    flow,
    purposes,
    transit,
    storage,
    retention,
  };
  return {
    product: row.product,
    appendix: row.appendix,
    line: row.line,
    ...cells,
    carried: row.carried,
    conflicts: [...conflicts].sort((a, b) => a - b),
    decisionExpected,
    normalized,
    notes,
  };
}
