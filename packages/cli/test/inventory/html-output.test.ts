import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixturesDir, runDatapact } from "./run-datapact.js";

const voidElements = new Set(["br", "meta", "hr", "img", "link", "input"]);

/**
 * Problems that keep `html` from being well-formed: unbalanced or misnested
 * tags, void elements not self-closed, bare `&` or `<` in text, and more than
 * one root element.
 */
function wellFormednessProblems(html: string): string[] {
  const problems: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>\n/, "").replace(/<!--[\s\S]*?-->/g, "");
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|#\d+);)/g;
  for (const m of body.matchAll(token)) {
    const [whole, closing, name, , selfClosing] = m;
    if (!name) {
      problems.push(`bare '${whole}' at ${m.index}`);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}> at ${m.index}`);
    } else if (selfClosing) {
      if (!voidElements.has(name)) problems.push(`<${name} /> is not a void element`);
      if (stack.length === 0) roots++;
    } else {
      if (voidElements.has(name)) problems.push(`void <${name}> not self-closed at ${m.index}`);
      if (stack.length === 0) roots++;
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(" > ")}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

describe("datapact inventory --format html", () => {
  const dir = mkdtempSync(join(tmpdir(), "datapact-inventory-html-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the checker itself rejects broken markup", () => {
    expect(wellFormednessProblems("<html><p>a & b</html>")).toEqual(["bare '&' at 11", "</html> closes <p> at 14", "unclosed: html"]);
    expect(wellFormednessProblems('<html><meta charset="utf-8"></html>')).toEqual(["void <meta> not self-closed at 6", "</html> closes <meta> at 28", "unclosed: html"]);
  });

  it("prints one well-formed page for every product of the pact", async () => {
    const run = await runDatapact(["inventory", "--format", "html"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(wellFormednessProblems(run.stdout)).toEqual([]);
  });

  it("writes well-formed product pages and an index, escaping the schema's text", async () => {
    const run = await runDatapact(["inventory", fixturesDir, "--format", "html", "--out", dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["gadget.html", "index.html"]);
    for (const name of readdirSync(dir)) expect(wellFormednessProblems(readFileSync(join(dir, name), "utf8")), name).toEqual([]);
    expect(readFileSync(join(dir, "gadget.html"), "utf8")).toContain("<td>Name of &lt;song&gt; &amp; &quot;title&quot;</td>");
  });
});
