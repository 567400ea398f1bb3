import { stepRefToString } from "../protocol/step-ref.js";
import type { CertificationResult, InvariantVerdict } from "../runner/verdict.js";
import { escapeMarkup as x } from "./markup-escape.js";
import { violationLine } from "./violation-text.js";

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(v: InvariantVerdict): string {
  const open = `    <testcase classname="datapact.invariants" name="${x(`${v.id}: ${v.title}`)}" time="${seconds(v.durationMs)}">`;
  switch (v.verdict) {
    case "pass":
      return `${open}</testcase>`;
    case "not_applicable":
      return `${open}\n      <skipped message="${x(v.reason ?? "not applicable")}"/>\n    </testcase>`;
    case "error":
    case "unavailable":
      return `${open}\n      <error type="${v.verdict}" message="${x(v.reason ?? v.verdict)}"/>\n    </testcase>`;
    case "fail": {
      const body = [
        ...v.violations.map(violationLine),
        ...(v.counterexample ? ["", "shortest scenario:", ...v.counterexample.steps.map((s) => `  ${stepRefToString(s)}`)] : []),
        "",
        `replay: ${v.replay}`,
      ].join("\n");
      const first = v.violations[0] ? violationLine(v.violations[0]) : "violated";
      return `${open}\n      <failure type="violation" message="${x(first)}">${x(body)}</failure>\n    </testcase>`;
    }
  }
}

/** JUnit XML for CI systems: one testcase per invariant; not applicable is skipped, errors and unavailability are errors. */
export function junitReport(result: CertificationResult): string {
  const count = (k: InvariantVerdict["verdict"]) => result.verdicts.filter((v) => v.verdict === k).length;
  const totals = `tests="${result.verdicts.length}" failures="${count("fail")}" errors="${count("error") + count("unavailable")}" skipped="${count("not_applicable")}" time="${seconds(result.durationMs)}"`;
  const name = x(`datapact certify: ${result.testee.name || result.testee.description}`);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="datapact certify" ${totals}>`,
    `  <testsuite name="${name}" ${totals} timestamp="${x(result.startedAt)}">`,
    `    <properties>`,
    `      <property name="seed" value="${result.seed}"/>`,
    `      <property name="runs" value="${result.runs}"/>`,
    `      <property name="testee" value="${x(result.testee.description)}"/>`,
    `      <property name="testee.version" value="${x(result.testee.version)}"/>`,
    `      <property name="outcome" value="${result.outcome}"/>`,
    `    </properties>`,
    ...result.verdicts.map(testcase),
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
