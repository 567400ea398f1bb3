import { allLintRules, type LintFinding } from "@datapact/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/main.js";
import { captureIO, compileFixtures, fixturesDir, removeLintWorkDirs } from "./lint-fixtures.js";

afterAll(removeLintWorkDirs);

type Expected = Omit<LintFinding, "file"> & { fixture: string };

// One broken fixture per rule (test/fixtures/lint/broken/<rule>.proto, the
// rule id without DP-LINT-, lower-cased) and the exact findings it produces:
// each fixture breaks one thing, so any other finding is a bug too.
const expected: Expected[] = [
  { fixture: "algorithm-measure-mismatch", ruleId: "DP-LINT-ALGORITHM-MEASURE-MISMATCH", severity: "error", line: 13, column: 3, path: "fixture.lint.algorithm_measure_mismatch.Note.note",
    message: "storage (tier-less entry) is STORAGE_MEASURE_PLAIN with algorithm STORAGE_ALGORITHM_AES_128, which is a STORAGE_MEASURE_FIELD_ENCRYPTED algorithm" },
  { fixture: "control-annotated", ruleId: "DP-LINT-CONTROL-ANNOTATED", severity: "warning", line: 13, column: 3, path: "fixture.lint.control_annotated.FindDevice.note",
    message: "MESSAGE_ROLE_CONTROL message, yet this field has a data category: a control message carries no personal data" },
  { fixture: "days-without-fixed-period", ruleId: "DP-LINT-DAYS-WITHOUT-FIXED-PERIOD", severity: "error", line: 13, column: 3, path: "fixture.lint.days_without_fixed_period.Note.note",
    message: "retention (tier-less entry) sets days with RETENTION_KIND_UNTIL_USER_REQUEST: days only goes with RETENTION_KIND_FIXED_PERIOD" },
  { fixture: "decision-format", ruleId: "DP-LINT-DECISION-FORMAT", severity: "warning", line: 13, column: 3, path: "fixture.lint.decision_format.Note.note",
    message: "decision is not a four-digit decision record number (e.g. \"0004\" for docs/decisions/0004-*.md)" },
  { fixture: "display-only-cloud-hop", ruleId: "DP-LINT-DISPLAY-ONLY-CLOUD-HOP", severity: "error", line: 13, column: 3, path: "fixture.lint.display_only_cloud_hop.Notification.caller",
    message: "FLOW_DISPLAY_ONLY but declares transit on HOP_APP_CLOUD (TRANSIT_MEASURE_TLS): a display-only value never reaches the cloud" },
  { fixture: "display-only-retained", ruleId: "DP-LINT-DISPLAY-ONLY-RETAINED", severity: "error", line: 13, column: 3, path: "fixture.lint.display_only_retained.Notification.caller",
    message: "FLOW_DISPLAY_ONLY but retention is not RETENTION_KIND_NOT_STORED at TIER_DEVICE (none declared): a display-only value is kept nowhere" },
  { fixture: "display-only-stored", ruleId: "DP-LINT-DISPLAY-ONLY-STORED", severity: "error", line: 13, column: 3, path: "fixture.lint.display_only_stored.Notification.caller",
    message: "FLOW_DISPLAY_ONLY but storage is not STORAGE_MEASURE_NOT_STORED at TIER_APP (none declared), TIER_CLOUD (none declared): a display-only value is never written at any tier" },
  { fixture: "duplicate-hop", ruleId: "DP-LINT-DUPLICATE-HOP", severity: "error", line: 10, column: 1, path: "fixture.lint.duplicate_hop.Note",
    message: "hops lists HOP_APP_CLOUD more than once" },
  { fixture: "duplicate-hop", ruleId: "DP-LINT-DUPLICATE-HOP", severity: "error", line: 13, column: 3, path: "fixture.lint.duplicate_hop.Note.note",
    message: "transit has more than one entry for HOP_APP_CLOUD: one entry per hop" },
  { fixture: "duplicate-purpose", ruleId: "DP-LINT-DUPLICATE-PURPOSE", severity: "error", line: 13, column: 3, path: "fixture.lint.duplicate_purpose.Note.note",
    message: "purposes lists PURPOSE_FUNCTIONALITY more than once" },
  { fixture: "duplicate-tier", ruleId: "DP-LINT-DUPLICATE-TIER", severity: "error", line: 13, column: 3, path: "fixture.lint.duplicate_tier.Note.note",
    message: "storage has more than one entry for TIER_CLOUD: one entry per tier" },
  { fixture: "duplicate-use", ruleId: "DP-LINT-DUPLICATE-USE", severity: "error", line: 13, column: 3, path: "fixture.lint.duplicate_use.Usage.clicks",
    message: "more than one uses entry for PURPOSE_ANALYTICS: keep one per purpose" },
  { fixture: "fixed-period-without-days", ruleId: "DP-LINT-FIXED-PERIOD-WITHOUT-DAYS", severity: "error", line: 13, column: 3, path: "fixture.lint.fixed_period_without_days.Clip.video",
    message: "retention (tier-less entry) is RETENTION_KIND_FIXED_PERIOD without days: set days > 0" },
  { fixture: "flow-exceeded", ruleId: "DP-LINT-FLOW-EXCEEDED", severity: "error", line: 13, column: 3, path: "fixture.lint.flow_exceeded.Pin.pin",
    message: "FLOW_DEVICE but declares storage at TIER_APP (STORAGE_MEASURE_PLAIN via the tier-less entry), TIER_CLOUD (STORAGE_MEASURE_PLAIN via the tier-less entry): a FLOW_DEVICE value never leaves the device" },
  { fixture: "function-default-disagrees", ruleId: "DP-LINT-FUNCTION-DEFAULT-DISAGREES", severity: "error", line: 24, column: 1, path: "fixture.lint.function_default_disagrees.NotificationFrame",
    message: "function \"notification_display\" is off by default in fixture.lint.function_default_disagrees.NotificationSettings but not here: every message of a function must agree on off_by_default" },
  { fixture: "hop-unprotected", ruleId: "DP-LINT-HOP-UNPROTECTED", severity: "warning", line: 13, column: 3, path: "fixture.lint.hop_unprotected.Note.note",
    message: "the message crosses HOP_DEVICE_APP but the field declares no transit protection there: add a transit entry" },
  { fixture: "identified-use-undeclared", ruleId: "DP-LINT-IDENTIFIED-USE-UNDECLARED", severity: "error", line: 13, column: 3, path: "fixture.lint.identified_use_undeclared.Usage.clicks",
    message: "identified data declared for PURPOSE_ANALYTICS has no uses entry for it: add uses {purpose: PURPOSE_ANALYTICS, qualifier, retention}" },
  { fixture: "identifiers-not-identifying", ruleId: "DP-LINT-IDENTIFIERS-NOT-IDENTIFYING", severity: "error", line: 13, column: 3, path: "fixture.lint.identifiers_not_identifying.Device.serial_number",
    message: "DATA_CATEGORY_IDENTIFIERS with qualifier IDENTIFICATION_QUALIFIER_ANONYMIZED: an identifier identifies; use IDENTIFIED or PSEUDONYMIZED" },
  { fixture: "missing-annotation", ruleId: "DP-LINT-MISSING-ANNOTATION", severity: "error", line: 13, column: 3, path: "fixture.lint.missing_annotation.Note.note",
    message: "no (datapact.privacy.v1.data) annotation: category, qualifier and purposes are required (or mark the message MESSAGE_ROLE_CONTROL)" },
  { fixture: "missing-category", ruleId: "DP-LINT-MISSING-CATEGORY", severity: "error", line: 13, column: 3, path: "fixture.lint.missing_category.Note.note",
    message: "no category: set category to a DATA_CATEGORY_* value" },
  { fixture: "missing-data-type", ruleId: "DP-LINT-MISSING-DATA-TYPE", severity: "warning", line: 13, column: 3, path: "fixture.lint.missing_data_type.Note.note",
    message: "no data_type: name the inventory row (\"Type of data\") this field belongs to" },
  { fixture: "missing-product", ruleId: "DP-LINT-MISSING-PRODUCT", severity: "warning", line: 4, column: 1, path: "fixture.lint.missing_product",
    message: "data-carrying messages but no (datapact.privacy.v1.product) file option: set id, name and source" },
  { fixture: "missing-purpose", ruleId: "DP-LINT-MISSING-PURPOSE", severity: "error", line: 13, column: 3, path: "fixture.lint.missing_purpose.Note.note",
    message: "no purpose: list at least one PURPOSE_* value in purposes" },
  { fixture: "missing-qualifier", ruleId: "DP-LINT-MISSING-QUALIFIER", severity: "error", line: 13, column: 3, path: "fixture.lint.missing_qualifier.Note.note",
    message: "no qualifier: set qualifier to an IDENTIFICATION_QUALIFIER_* value" },
  { fixture: "off-by-default-without-function", ruleId: "DP-LINT-OFF-BY-DEFAULT-WITHOUT-FUNCTION", severity: "warning", line: 10, column: 1, path: "fixture.lint.off_by_default_without_function.Note",
    message: "off_by_default without function: name the function the user switches on" },
  { fixture: "storage-retention-mismatch", ruleId: "DP-LINT-STORAGE-RETENTION-MISMATCH", severity: "error", line: 13, column: 3, path: "fixture.lint.storage_retention_mismatch.CardSummary.card_number",
    message: "at TIER_CLOUD storage is STORAGE_MEASURE_NOT_STORED but retention is RETENTION_KIND_UNTIL_USER_REQUEST" },
  { fixture: "third-party-direct-retained", ruleId: "DP-LINT-THIRD-PARTY-DIRECT-RETAINED", severity: "error", line: 13, column: 3, path: "fixture.lint.third_party_direct_retained.Card.cvv",
    message: "FLOW_THIRD_PARTY_DIRECT but retention is not RETENTION_KIND_THIRD_PARTY or RETENTION_KIND_NOT_STORED at TIER_DEVICE (none declared), TIER_APP (none declared)" },
  { fixture: "third-party-direct-stored", ruleId: "DP-LINT-THIRD-PARTY-DIRECT-STORED", severity: "error", line: 13, column: 3, path: "fixture.lint.third_party_direct_stored.Card.cvv",
    message: "FLOW_THIRD_PARTY_DIRECT but storage is not STORAGE_MEASURE_NOT_STORED at TIER_DEVICE (STORAGE_MEASURE_MASKED): we hold no copy of third-party-direct data" },
  { fixture: "third-party-direct-transit", ruleId: "DP-LINT-THIRD-PARTY-DIRECT-TRANSIT", severity: "error", line: 13, column: 3, path: "fixture.lint.third_party_direct_transit.Card.cvv",
    message: "FLOW_THIRD_PARTY_DIRECT but declares transit on HOP_DEVICE_APP (TRANSIT_MEASURE_BLE_LINK): the third party collects it directly, it crosses none of our hops" },
  { fixture: "third-party-retention-without-third-party", ruleId: "DP-LINT-THIRD-PARTY-RETENTION-WITHOUT-THIRD-PARTY", severity: "error", line: 13, column: 3, path: "fixture.lint.third_party_retention_without_third_party.Note.note",
    message: "retention uses RETENTION_KIND_THIRD_PARTY on FLOW_CLOUD data: declare how long we keep it" },
  { fixture: "transit-measure-hop-mismatch", ruleId: "DP-LINT-TRANSIT-MEASURE-HOP-MISMATCH", severity: "error", line: 13, column: 3, path: "fixture.lint.transit_measure_hop_mismatch.Note.note",
    message: "transit on HOP_APP_CLOUD is TRANSIT_MEASURE_BLE_LINK, which protects HOP_DEVICE_APP only" },
  { fixture: "uninstall-outside-app", ruleId: "DP-LINT-UNINSTALL-OUTSIDE-APP", severity: "error", line: 13, column: 3, path: "fixture.lint.uninstall_outside_app.Login.service_token",
    message: "retention at TIER_DEVICE, TIER_CLOUD is RETENTION_KIND_UNTIL_UNINSTALL, which only ends app-tier copies: give those tiers their own retention" },
  { fixture: "unknown-value", ruleId: "DP-LINT-UNKNOWN-VALUE", severity: "error", line: 13, column: 3, path: "fixture.lint.unknown_value.Note.note",
    message: "(datapact.privacy.v1.data) uses values the vocabulary does not define: category = 99" },
  { fixture: "unspecified-value", ruleId: "DP-LINT-UNSPECIFIED-VALUE", severity: "error", line: 13, column: 3, path: "fixture.lint.unspecified_value.Note.note",
    message: "transit on HOP_APP_CLOUD has no measure: every entry says what it declares" },
  { fixture: "upload-switch-without-upload", ruleId: "DP-LINT-UPLOAD-SWITCH-WITHOUT-UPLOAD", severity: "warning", line: 13, column: 3, path: "fixture.lint.upload_switch_without_upload.Trace.route",
    message: "upload_switch \"upload_workout_trace\" on FLOW_APP data, which is never uploaded: drop the switch or fix the flow" },
  { fixture: "use-incomplete", ruleId: "DP-LINT-USE-INCOMPLETE", severity: "error", line: 13, column: 3, path: "fixture.lint.use_incomplete.Usage.clicks",
    message: "uses entry for PURPOSE_ANALYTICS has no retention: say how identifying this use is and how long it keeps the value" },
  { fixture: "use-purpose-undeclared", ruleId: "DP-LINT-USE-PURPOSE-UNDECLARED", severity: "error", line: 13, column: 3, path: "fixture.lint.use_purpose_undeclared.Usage.clicks",
    message: "uses entry for PURPOSE_PERSONALIZATION, which purposes does not list: declare the purpose or drop the use" },
  { fixture: "use-reidentifies", ruleId: "DP-LINT-USE-REIDENTIFIES", severity: "error", line: 13, column: 3, path: "fixture.lint.use_reidentifies.Usage.clicks",
    message: "uses entry for PURPOSE_PERSONALIZATION is IDENTIFICATION_QUALIFIER_IDENTIFIED, more identifying than the field's IDENTIFICATION_QUALIFIER_PSEUDONYMIZED: a use cannot re-link data" },];

async function lintJson(paths: string[]): Promise<{ code: number; findings: LintFinding[] }> {
  const out = captureIO(fixturesDir);
  const code = await main(["lint", ...paths, "--json"], out.io);
  return { code, findings: JSON.parse(out.stdout()) as LintFinding[] };
}

function findingsOf(findings: readonly LintFinding[], fixture: string): Expected[] {
  return findings
    .filter((f) => f.file.endsWith(`broken/${fixture}.proto`))
    .map(({ file: _file, ...rest }) => ({ fixture, ...rest }));
}

const fixtures = [...new Set(expected.map((e) => e.fixture))];

describe("datapact lint rules on .proto text", () => {
  let result: { code: number; findings: LintFinding[] };
  beforeAll(async () => {
    result = await lintJson(["broken/"]);
  });

  it("every rule has a broken fixture that triggers it", () => {
    const triggered = new Set(expected.map((e) => e.ruleId));
    expect(allLintRules.map((r) => r.id).filter((id) => !triggered.has(id))).toEqual([]);
    for (const rule of allLintRules) expect(fixtures).toContain(rule.id.replace(/^DP-LINT-/, "").toLowerCase());
  });

  it("fails with exit code 1 because the fixtures contain errors", () => {
    expect(result.code).toBe(1);
  });

  it.each(fixtures)("broken/%s.proto gives exactly its finding", (fixture) => {
    expect(findingsOf(result.findings, fixture)).toEqual(expected.filter((e) => e.fixture === fixture));
  });

  it("reports the file as a path relative to the working directory", () => {
    expect(result.findings.map((f) => f.file)).toContain("broken/missing-category.proto");
  });

  it("a schema with everything right passes with no finding at all", async () => {
    const clean = await lintJson(["clean/"]);
    expect(clean).toEqual({ code: 0, findings: [] });
  });
});

describe("datapact lint rules on a compiled descriptor set (buf build)", () => {
  let compiled: { code: number; findings: LintFinding[] };
  let text: LintFinding[];
  beforeAll(async () => {
    const image = compileFixtures(["broken", "clean"]);
    compiled = await lintJson([image]);
    text = (await lintJson(["broken/", "clean/"])).findings;
  }, 60_000);

  it.each(fixtures)("broken/%s gives the same finding as its text", (fixture) => {
    expect(findingsOf(compiled.findings, fixture)).toEqual(expected.filter((e) => e.fixture === fixture));
  });

  it("gives exactly the text's findings, file names included", () => {
    expect(compiled.findings).toEqual(text);
    expect(compiled.code).toBe(1);
  });
});
