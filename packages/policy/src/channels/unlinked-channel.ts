import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { IdentificationQualifier, type Hop, type Purpose } from "@datapact/proto";
import { identifiability } from "../annotations/qualifier-rank.js";
import type { ConsentState } from "../consent/consent-state.js";
import { hopGate } from "../enforcement/hop-gate.js";
import { project } from "../enforcement/project.js";
import type { Verdict } from "../enforcement/verdict.js";
import { planFor } from "../plan/message-plan.js";
import type { ChannelProjectionOptions } from "./channel-drop-reason.js";
import { purposeLimitedConsent } from "./purpose-limited-consent.js";

const PSEUDONYMIZED_RANK = identifiability(IdentificationQualifier.PSEUDONYMIZED);

/**
 * The copy of `message` that may cross `hop` for `purpose` alone on a channel
 * that is never linked to the user's account: the User Experience
 * Improvement Plan's analytics, sent with a random per-install token instead
 * of the account (seed 001 §4.3 footnote 1: pseudonymized data is "linked
 * with an app instance level identifier or a random identifier").
 *
 * A field stays only if everything {@link forHop} asks holds with consent
 * limited to `purpose`, the field declares `purpose`, and its qualifier for
 * `purpose` is pseudonymized or weaker. Identifiers of the account or the
 * device, which the pact qualifies as identified, are therefore dropped; so
 * is a field whose qualifier is unspecified (the engine fails closed).
 * Throws ThirdPartyDirectValueError like every projection.
 */
export function forUnlinkedChannel<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  hop: Hop,
  purpose: Purpose,
  consent: ConsentState,
  options: ChannelProjectionOptions = {},
): MessageShape<Desc> {
  const base = hopGate(hop, purposeLimitedConsent(consent, purpose));
  const gate = {
    verdict: (...args: Parameters<typeof base.verdict>): Verdict => {
      const [, rule] = args;
      if (!rule.policy) return "UNANNOTATED";
      if (!rule.purposes.includes(purpose)) return "NOT_FOR_PURPOSE";
      const qualifier = rule.qualifierFor(purpose);
      if (qualifier === IdentificationQualifier.UNSPECIFIED || identifiability(qualifier) > PSEUDONYMIZED_RANK) return "TOO_IDENTIFYING";
      return base.verdict(...args);
    },
  };
  // The listener sees the channel's reasons too; project() passes verdicts through untouched.
  return project(planFor(schema), message, gate, options.onDrop as Parameters<typeof project>[3]) as MessageShape<Desc>;
}
