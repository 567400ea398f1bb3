import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { IdentificationQualifier, type Hop } from "@datapact/proto";
import type { ConsentState } from "../consent/consent-state.js";
import { hopGate } from "../enforcement/hop-gate.js";
import { project } from "../enforcement/project.js";
import type { Verdict } from "../enforcement/verdict.js";
import { planFor } from "../plan/message-plan.js";
import type { ChannelProjectionOptions } from "./channel-drop-reason.js";

/**
 * The copy of `message` that may cross `hop` on a channel authenticated as
 * the user's account: what {@link forHop} allows, less every field that is
 * identified under none of its consented purposes. Data the pact uses only
 * pseudonymized or anonymized (an app-instance id, interaction events) would
 * stop being so once it travels with the account, so it never does; it goes
 * on the unlinked channel ({@link forUnlinkedChannel}) or nowhere.
 */
export function forAccountChannel<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  hop: Hop,
  consent: ConsentState,
  options: ChannelProjectionOptions = {},
): MessageShape<Desc> {
  const base = hopGate(hop, consent);
  const gate = {
    verdict: (...args: Parameters<typeof base.verdict>): Verdict => {
      const verdict = base.verdict(...args);
      if (verdict !== "keep") return verdict;
      const [plan, rule] = args;
      const identifiedUse = rule.purposes.some(
        (p) => consent.allowsPurpose(plan.productId, p) && rule.qualifierFor(p) === IdentificationQualifier.IDENTIFIED,
      );
      return identifiedUse ? "keep" : "NOT_IDENTIFIED";
    },
  };
  return project(planFor(schema), message, gate, options.onDrop as Parameters<typeof project>[3]) as MessageShape<Desc>;
}
