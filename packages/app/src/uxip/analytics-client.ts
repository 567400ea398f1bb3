import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Outbox, SubmitOutcome } from "../outbox/outbox.js";
import type { ExperiencePlan } from "./experience-plan.js";

/**
 * Sends User Experience Improvement Plan analytics: only while the user is
 * enrolled, only the fields the policy lets travel unlinked
 * (`forUnlinkedChannel`: pseudonymized or weaker for analytics, so account and
 * device identifiers never go), with the install token on a transport that
 * never carries the user's token, and never with a device id.
 */
export class AnalyticsClient {
  constructor(
    private readonly plan: ExperiencePlan,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Sends (or queues) one analytics record. While not enrolled nothing is
   * collected, not even for later (status `not-collected`).
   */
  async record<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>, options: { readonly collectedAt?: Date } = {}): Promise<SubmitOutcome> {
    if (!this.plan.optedIn) return { status: "not-collected", dropped: [] };
    return this.outbox.submit(schema, message, { collectedAt: options.collectedAt });
  }

  /** Sends what is queued; resolves to the number still queued. */
  flush(): Promise<number> {
    return this.outbox.flush();
  }

  /** How many analytics records wait on the phone. */
  pending(): Promise<number> {
    return this.outbox.pending();
  }
}
