import type { ProductSeedComparison, SeedDifference, SeedFieldResult } from "@datapact/policy";

const fieldStatusWords: Readonly<Record<SeedFieldResult["status"], string>> = {
  match: "matches",
  explained: "differs, explained by decision",
  mismatch: "differs, no decision",
  "unknown-decision": "cites a decision record that does not exist:",
  "unresolved-conflict": "agrees with a row the seed contradicts; needs a decision record",
};

function differenceLine(d: SeedDifference): string {
  return `${d.column}: seed "${d.expected}", schema "${d.actual}" (${d.detail})`;
}

/**
 * The comparison for people: per product a summary line, then every row
 * that is missing, mismatched or explained, with the fields and columns
 * involved. Matching rows are counted, not listed.
 */
export function seedComparisonReport(results: readonly ProductSeedComparison[]): string {
  const out: string[] = [];
  const total = { rows: 0, match: 0, explained: 0, mismatch: 0, missing: 0 };
  for (const p of results) {
    const c = p.counts;
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += c[k];
    const schema = p.hasSchema ? "" : " (no schema declares this product)";
    out.push(
      `${p.product}: ${c.rows} rows: ${c.match} match, ${c.explained} explained by decisions, ${c.mismatch} mismatched, ${c.missing} missing${schema}`,
    );
    for (const r of p.rows) {
      if (r.status === "match") continue;
      out.push(`  ${r.status.padEnd(9)} line ${r.row.line}  ${r.row.dataType}`);
      // Fields that differ in the same way (one message's fields, say) are listed once.
      const groups = new Map<string, SeedFieldResult[]>();
      for (const f of r.fields) {
        if (f.status === "match") continue;
        const key = JSON.stringify([f.status, f.decision, f.differences.map((d) => [d.column, d.detail])]);
        groups.set(key, [...(groups.get(key) ?? []), f]);
      }
      for (const group of groups.values()) {
        const f = group[0];
        const decision = f.status === "explained" || f.status === "unknown-decision" ? ` ${f.decision}` : "";
        out.push(`    ${group.map((g) => g.fieldPath).join(", ")}: ${fieldStatusWords[f.status]}${decision}`);
        for (const d of f.differences) out.push(`      ${differenceLine(d)}`);
        if (f.status === "unresolved-conflict") for (const why of r.row.decisionExpected) out.push(`      ${why}`);
      }
      for (const d of r.coverage) out.push(`    together the fields leave out ${differenceLine(d)}`);
    }
    for (const s of p.strayFields) {
      out.push(`  stray     ${s.fieldPath}: data type "${s.dataType}" cites ${s.source} but is no row of it`);
    }
  }
  out.push(
    `${results.length} products, ${total.rows} seed rows: ${total.match} match, ${total.explained} explained by decisions, ${total.mismatch} mismatched, ${total.missing} missing`,
  );
  return out.join("\n") + "\n";
}
