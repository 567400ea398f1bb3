import { stepRefToString } from "../protocol/step-ref.js";
import type { DataFlowEntry, FlowPlace } from "../runner/data-flow.js";
import type { CertificationResult, InvariantVerdict, VerdictKind } from "../runner/verdict.js";
import { formatDuration } from "./human-reporter.js";
import { escapeMarkup as x } from "./markup-escape.js";
import { violationLine } from "./violation-text.js";

const LABEL: Record<VerdictKind, string> = { pass: "pass", fail: "fail", not_applicable: "not applicable", error: "error", unavailable: "unavailable" };

const STYLE = `
:root { --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .3rem; margin-top: 2.5rem; }
.outcome { display: inline-block; font-weight: 700; padding: .2rem .7rem; border-radius: 1rem; color: #fff; }
.outcome.certified { background: var(--ok); } .outcome.violations { background: var(--bad); } .outcome.unavailable { background: var(--warn); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; } dl.facts dt { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; } th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--bg); }
.badge { font-weight: 600; padding: 0 .5rem; border-radius: .6rem; white-space: nowrap; }
.badge.pass { color: var(--ok); border: 1px solid var(--ok); } .badge.fail, .badge.error { color: var(--bad); border: 1px solid var(--bad); }
.badge.unavailable { color: var(--warn); border: 1px solid var(--warn); } .badge.not_applicable { color: var(--muted); border: 1px solid var(--muted); }
article.invariant { border: 1px solid var(--line); border-radius: .4rem; padding: .2rem 1rem .8rem; margin: 1rem 0; }
article.invariant.fail { border-left: .4rem solid var(--bad); } article.invariant.pass { border-left: .4rem solid var(--ok); }
code, .replay { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
.replay { display: block; background: var(--bg); padding: .4rem .6rem; border-radius: .3rem; overflow-x: auto; white-space: pre; }
.muted { color: var(--muted); } .leak { color: var(--bad); font-weight: 600; } .seen { color: var(--ok); }
td.allowed { background: #eef9f0; } td.forbidden { background: #fff5f5; }
svg { max-width: 100%; height: auto; }
`;

const PLACES: readonly { place: FlowPlace; title: string }[] = [
  { place: "device", title: "Device" },
  { place: "app", title: "App" },
  { place: "cloud", title: "Cloud" },
  { place: "log", title: "Log" },
  { place: "export", title: "Export" },
  { place: "read-as", title: "Read by others" },
];

function badge(kind: VerdictKind): string {
  return `<span class="badge ${kind}">${LABEL[kind]}</span>`;
}

function invariantArticle(v: InvariantVerdict): string {
  const parts = [
    `<article class="invariant ${v.verdict}" id="${x(v.id)}">`,
    `<h3><code>${x(v.id)}</code> ${badge(v.verdict)}</h3>`,
    `<p><strong>${x(v.title)}</strong></p>`,
    `<p>${x(v.statement)}</p>`,
    `<p class="muted">Source: ${x(v.source)}. Products: ${x(v.products.join(", ") || "none")}. ${v.scenarios} scenarios in ${x(formatDuration(v.durationMs))}.</p>`,
  ];
  if (v.reason) parts.push(`<p>${x(v.reason)}</p>`);
  if (v.violations.length > 0) {
    parts.push(`<h4>Violations</h4>`, `<ul>${v.violations.map((violation) => `<li>${x(violationLine(violation))}</li>`).join("")}</ul>`);
  }
  if (v.counterexample) {
    parts.push(
      `<h4>Shortest scenario (${v.counterexample.steps.length} steps, ${v.counterexample.shrinks} shrinks)</h4>`,
      `<ol>${v.counterexample.steps.map((s) => `<li><code>${x(stepRefToString(s))}</code></li>`).join("")}</ol>`,
    );
  }
  parts.push(`<p class="muted">Replay:</p>`, `<code class="replay">${x(v.replay)}</code>`, `</article>`);
  return parts.join("\n");
}

/** A picture of one product's flows: the three tiers and the log, each with how many guarded fields reached it and how many should not have. */
function flowPicture(entries: readonly DataFlowEntry[]): string {
  const boxes = [
    { place: "device" as const, title: "Device", x: 20, y: 30 },
    { place: "app" as const, title: "App", x: 250, y: 30 },
    { place: "cloud" as const, title: "Cloud", x: 480, y: 30 },
    { place: "log" as const, title: "Log", x: 250, y: 150 },
  ];
  const count = (place: FlowPlace) => {
    const reached = entries.filter((e) => e.reached.some((r) => r.place === place));
    const forbidden = entries.filter((e) => e.reached.some((r) => r.place === place && r.allowed === false));
    return { reached: reached.length, forbidden: forbidden.length };
  };
  const shapes = boxes.map((b) => {
    const c = count(b.place);
    const fill = c.forbidden > 0 ? "#fff5f5" : "#eef9f0";
    const stroke = c.forbidden > 0 ? "#cf222e" : "#1a7f37";
    return [
      `<rect x="${b.x}" y="${b.y}" width="180" height="80" rx="8" fill="${fill}" stroke="${stroke}"/>`,
      `<text x="${b.x + 90}" y="${b.y + 26}" text-anchor="middle" font-weight="700">${b.title}</text>`,
      `<text x="${b.x + 90}" y="${b.y + 48}" text-anchor="middle">${c.reached} field${c.reached === 1 ? "" : "s"} seen</text>`,
      `<text x="${b.x + 90}" y="${b.y + 68}" text-anchor="middle" fill="${c.forbidden > 0 ? "#cf222e" : "#57606a"}">${c.forbidden} not allowed</text>`,
    ].join("");
  });
  const arrow = (x1: number, y1: number, x2: number, y2: number) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#57606a" stroke-width="2" marker-end="url(#arrow)"/>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 680 250" width="680" height="250" role="img" aria-label="Where guarded fields were seen">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#57606a"/></marker></defs>`,
    arrow(200, 70, 248, 70),
    arrow(430, 70, 478, 70),
    `<path d="M 110 30 C 110 0, 570 0, 570 28" fill="none" stroke="#57606a" stroke-width="2" stroke-dasharray="4 3" marker-end="url(#arrow)"/>`,
    ...shapes,
    `</svg>`,
  ].join("\n");
}

function flowCell(entry: DataFlowEntry, place: FlowPlace): string {
  const reached = entry.reached.filter((r) => r.place === place);
  const storable = place === "device" || place === "app" || place === "cloud" ? entry.allowedTiers.includes(place) : undefined;
  const cls = storable === undefined ? "" : storable ? ' class="allowed"' : ' class="forbidden"';
  const base = storable === undefined ? "" : `<span class="muted">${storable ? "may be stored" : "never stored"}</span>`;
  const seen = reached.map((r) => `<div class="${r.allowed === false ? "leak" : "seen"}">${r.allowed === false ? "✗" : "●"} ${x(r.sink)} (${r.hits})</div>`);
  return `<td${cls}>${[base, ...seen].filter(Boolean).join("")}</td>`;
}

function productSection(productId: string, entries: readonly DataFlowEntry[]): string {
  const rows = entries.map((e) => `<tr><td><code>${x(e.messageType.split(".").at(-1) ?? e.messageType)}.${x(e.field)}</code></td><td>${e.planted}</td>${PLACES.map((p) => flowCell(e, p.place)).join("")}</tr>`);
  return [
    `<section class="product" id="product-${x(productId)}">`,
    `<h3>${x(productId || "(no product)")}</h3>`,
    flowPicture(entries),
    `<table><thead><tr><th>Field</th><th>Canaries planted</th>${PLACES.map((p) => `<th>${p.title}</th>`).join("")}</tr></thead>`,
    `<tbody>${rows.join("\n")}</tbody></table>`,
    `</section>`,
  ].join("\n");
}

/**
 * The HTML report: the outcome, each invariant's verdict with its statement,
 * violations, shortest scenario and replay command, and per product the
 * data-flow picture (which guarded field reached which tier and sink, against
 * where the pact lets it go). Self-contained: no scripts, no external assets.
 * Well-formed XML as well as HTML, so any XML parser can check it.
 */
export function htmlReport(result: CertificationResult): string {
  const byProduct = new Map<string, DataFlowEntry[]>();
  for (const e of result.dataFlow) byProduct.set(e.productId, [...(byProduct.get(e.productId) ?? []), e]);
  const summaryRows = result.verdicts.map(
    (v) => `<tr><td><a href="#${x(v.id)}"><code>${x(v.id)}</code></a></td><td>${x(v.title)}</td><td>${badge(v.verdict)}</td><td>${v.scenarios}</td><td>${x(formatDuration(v.durationMs))}</td></tr>`,
  );
  const outcome = result.outcome === "certified" ? "Certified" : result.outcome === "unavailable" ? "Not certified: testee unavailable" : "Not certified";
  const title = `datapact certify: ${result.testee.name || result.testee.description}`;
  return [
    `<!DOCTYPE html>`,
    `<html lang="en" xmlns="http://www.w3.org/1999/xhtml">`,
    `<head>`,
    `<meta charset="utf-8"/>`,
    `<meta name="viewport" content="width=device-width, initial-scale=1"/>`,
    `<title>${x(title)}</title>`,
    `<style>${STYLE}</style>`,
    `</head>`,
    `<body>`,
    `<header>`,
    `<h1>${x(title)} ${x(result.testee.version)}</h1>`,
    `<p class="outcome ${result.outcome}">${x(outcome)}</p>`,
    result.unavailableReason ? `<p>${x(result.unavailableReason)}</p>` : "",
    `<dl class="facts">`,
    `<dt>Testee</dt><dd>${x(result.testee.description)}</dd>`,
    `<dt>Products</dt><dd>${x(result.testee.products.join(", ") || "none")}</dd>`,
    `<dt>Seed</dt><dd><code>${result.seed}</code></dd>`,
    `<dt>Scenarios per invariant</dt><dd>${result.runs}</dd>`,
    `<dt>Started</dt><dd>${x(result.startedAt)}</dd>`,
    `<dt>Duration</dt><dd>${x(formatDuration(result.durationMs))}</dd>`,
    `</dl>`,
    `</header>`,
    `<section id="invariants">`,
    `<h2>Invariants</h2>`,
    `<table><thead><tr><th>Invariant</th><th>Title</th><th>Verdict</th><th>Scenarios</th><th>Time</th></tr></thead>`,
    `<tbody>${summaryRows.join("\n")}</tbody></table>`,
    ...result.verdicts.map(invariantArticle),
    `</section>`,
    `<section id="data-flow">`,
    `<h2>Data flow per product</h2>`,
    `<p class="muted">Every guarded field the kit planted canaries in, and every sink where they were found. Green: the pact allows it. Red: it does not.</p>`,
    byProduct.size === 0 ? `<p>No canaries were planted.</p>` : "",
    ...[...byProduct].map(([productId, entries]) => productSection(productId, entries)),
    `</section>`,
    `</body>`,
    `</html>`,
    "",
  ]
    .filter((line) => line !== "")
    .join("\n");
}
