import { expect } from "vitest";
import type { Invariant } from "../../../src/runner/invariant.js";
import type { CertificationResult } from "../../../src/runner/verdict.js";

/**
 * What every broken testee must show: the invariant it breaks fails, with
 * violations that each name a field (or what stands for one), a sink and a
 * step, and quote no canary; every other invariant checked passes.
 */
export function expectFailsExactly(result: CertificationResult, brokenId: string): void {
  const broken = result.verdicts.find((v) => v.id === brokenId);
  expect(broken?.verdict, `${brokenId} against its own broken testee`).toBe("fail");
  expect(broken!.violations.length).toBeGreaterThan(0);
  for (const v of broken!.violations) {
    expect(v.sink, v.message).toBeTruthy();
    expect(v.step?.number, v.message).toBeGreaterThan(0);
    expect(v.message).not.toMatch(/dpc_[a-z2-7]{20}/);
  }
  expect(broken!.violations.some((v) => v.fieldPath)).toBe(true);
  const others = result.verdicts.filter((v) => v.id !== brokenId).map((v) => [v.id, v.verdict, v.reason ?? "", v.violations.slice(0, 2).map((x) => x.message)]);
  expect(others).toEqual(result.verdicts.filter((v) => v.id !== brokenId).map((v) => [v.id, "pass", "", []]));
  expect(result.outcome).toBe("violations");
}

/** What the reference must show: every invariant checked passes, with no reason and no violation, and it is certified. */
export function expectCertified(result: CertificationResult, invariants: readonly Invariant[]): void {
  expect(result.verdicts.map((v) => [v.id, v.verdict, v.reason ?? "", v.violations.slice(0, 3).map((x) => x.message)])).toEqual(invariants.map((i) => [i.id, "pass", "", []]));
  expect(result.outcome).toBe("certified");
}
