import { ScalarType } from "@bufbuild/protobuf";
import { Canary } from "../../canary/canary.js";
import type { Scenario } from "../../runner/scenario.js";

/**
 * The testee's own ids of the scenario's accounts (from its answers to
 * create_account), as markers the kit can search any sink for like
 * canaries: linkability checks look for them next to pseudonymous data.
 */
export function accountIdMarkers(scenario: Scenario): Canary[] {
  const out: Canary[] = [];
  for (const step of scenario.steps) {
    const r = step.response.result;
    if (r.case !== "ok" || r.value.detail.case !== "createAccount") continue;
    const id = r.value.detail.value.accountId;
    // Short ids would match by chance; the pact's ids are long random strings.
    if (id.length >= 8) out.push(Canary.of("account id", ScalarType.STRING, id, { step: step.ref }));
  }
  return out;
}
