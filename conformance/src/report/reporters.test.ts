import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostileResult } from "../../test/support/certification-results.js";
import { assertWellFormedXml } from "../../test/support/xml-well-formed.js";
import { HumanReporter } from "./human-reporter.js";
import { htmlReport } from "./html-report.js";
import { jsonReport, reportFormatVersion } from "./json-report.js";
import { junitReport } from "./junit-report.js";
import { writeReports } from "./write-reports.js";

describe("the well-formedness check itself", () => {
  it("rejects what a careless reporter would write", () => {
    expect(() => assertWellFormedXml("<a><b></a></b>")).toThrow(/does not close/);
    expect(() => assertWellFormedXml('<a x="1 < 2"/>')).toThrow();
    expect(() => assertWellFormedXml("<a>fish & chips</a>")).toThrow(/entity/);
    expect(() => assertWellFormedXml("<a/><b/>")).toThrow(/root/);
    expect(() => assertWellFormedXml("<a x=1/>")).toThrow(/quoted/);
    expect(() => assertWellFormedXml('<?xml version="1.0"?>\n<a b="&amp;">&lt;&#39;</a>')).not.toThrow();
  });
});

describe("report.json", () => {
  it("is JSON with the documented top-level fields and the format version", () => {
    const parsed = JSON.parse(jsonReport(hostileResult));
    expect(parsed.formatVersion).toBe(reportFormatVersion);
    expect(Object.keys(parsed)).toEqual(["formatVersion", "tool", "testee", "seed", "runs", "startedAt", "durationMs", "outcome", "verdicts", "dataFlow"]);
    expect(parsed.verdicts.map((v: { verdict: string }) => v.verdict)).toEqual(["pass", "fail", "not_applicable", "error", "unavailable"]);
    expect(parsed.verdicts[1].violations[0]).toMatchObject({ fieldPath: "text", sink: "db:app.records.body", step: { number: 6, name: "emit_device_frame" } });
    expect(parsed.verdicts[1].counterexample.steps).toHaveLength(3);
  });
});

describe("JUnit XML", () => {
  it("is well-formed, one testcase per invariant, with counts CI systems read", () => {
    const xml = junitReport(hostileResult);
    assertWellFormedXml(xml);
    expect(xml).toMatch(/<testsuites name="datapact certify" tests="5" failures="1" errors="2" skipped="1"/);
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toContain('<failure type="violation" message="datapact.testing.v1.Notification.text in db:app.records.body at step #6');
    expect(xml).toContain('<skipped message="the testee does not implement read_as"/>');
    expect(xml).toContain('<error type="unavailable"');
    expect(xml).toContain("replay: datapact certify --testee &quot;node t.mjs&quot; --only DP-FAILS --seed 42");
    expect(xml).not.toContain("<script>");
  });
});

describe("HTML report", () => {
  const html = htmlReport(hostileResult);

  it("is well-formed and self-contained: no scripts, no external assets", () => {
    assertWellFormedXml(html);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link |<img |\ssrc=|@import|url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/href="(?!#)/);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
  });

  it("shows each verdict with its replay command, and per product where each guarded field went", () => {
    expect(html).toContain('<article class="invariant fail" id="DP-FAILS">');
    expect(html).toContain('<code class="replay">datapact certify --testee &quot;node t.mjs&quot; --only DP-FAILS --seed 42</code>');
    expect(html).toContain('<section class="product" id="product-gadget">');
    expect(html).toContain("<svg");
    expect(html).toMatch(/<td class="forbidden"><span class="muted">never stored<\/span><div class="leak">✗ db:app\.records\.body \(3\)<\/div><\/td>/);
    expect(html).toMatch(/Notification<\/code>|Notification\.text<\/code>/);
    expect(html).toContain("1 not allowed");
  });
});

describe("human reporter", () => {
  it("prints a summary table, the failures with their shortest scenario and replay, and the outcome", () => {
    const text = new HumanReporter({ write: () => {} }, false).summary(hostileResult);
    expect(text).toMatch(/Invariant\s+Verdict\s+Scenarios\s+Time\s+Detail/);
    expect(text).toMatch(/DP-FAILS\s+FAIL\s+31\s+3\.4s\s+datapact\.testing\.v1\.Notification\.text in db:app\.records\.body/);
    expect(text).toContain("    #6 emit_device_frame d1 datapact.testing.v1.Notification");
    expect(text).toContain("  replay: datapact certify --testee \"node t.mjs\" --only DP-FAILS --seed 42");
    expect(text).toContain("1 passed, 1 failed, 1 errors, 1 unavailable, 1 not applicable");
    expect(text.trimEnd().endsWith("NOT CERTIFIED")).toBe(true);
  });

  it("rewrites one progress line on a terminal, and prints one line per invariant otherwise", () => {
    const events = [
      { kind: "invariant-start", id: "DP-A", index: 0, total: 1 },
      { kind: "scenario", id: "DP-A", run: 1, runs: 20, phase: "search" },
      { kind: "scenario", id: "DP-A", run: 2, runs: 20, phase: "shrink" },
      { kind: "invariant-end", verdict: hostileResult.verdicts[1]! },
    ] as const;
    let tty = "";
    const onTty = new HumanReporter({ write: (s: string) => (tty += s) }, true);
    for (const e of events) onTty.onProgress(e);
    expect(tty).toContain("\r\x1b[K[1/1] DP-A  scenario 1/20");
    expect(tty).toContain("shrinking, scenario 2");
    let log = "";
    const onLog = new HumanReporter({ write: (s: string) => (log += s) }, false);
    for (const e of events) onLog.onProgress(e);
    expect(log).toBe("FAIL  DP-FAILS (3.4s)\n");
  });
});

describe("writeReports", () => {
  it("writes report.json, junit.xml and report.html into the directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "datapact-report-"));
    try {
      const files = await writeReports(hostileResult, join(dir, "nested"));
      expect(JSON.parse(await readFile(files.json, "utf8")).seed).toBe(42);
      assertWellFormedXml(await readFile(files.junit, "utf8"));
      assertWellFormedXml(await readFile(files.html, "utf8"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
