import { createClient, type Transport } from "@connectrpc/connect";
import { cloud } from "@datapact/proto";
import type { OutboxEvent } from "../outbox/outbox-event.js";
import { cloudCallError } from "../transport/cloud-call-failure.js";
import type { ExperiencePlan } from "./experience-plan.js";

/** Options of {@link InstallDataErasure}. */
export interface InstallDataErasureOptions {
  readonly plan: ExperiencePlan;
  /** A transport that authenticates with the given install token and nothing else (analyticsTransport). */
  readonly transportFor: (installToken: string) => Transport;
  readonly onEvent?: (event: OutboxEvent) => void;
}

/**
 * Asks the cloud to erase what each left enrolment collected: DataRightsService.DeleteData
 * under the old install token (the plan's data is unlinked from the
 * account, so only the install holding the token can ask; decision 0011).
 * A token is forgotten once the cloud confirms, or refuses for good (it
 * holds nothing under it, or the token was already revoked); it is kept
 * while the cloud is unreachable, and {@link flush} tries again, after a
 * restart too.
 */
export class InstallDataErasure {
  private running: Promise<number> | undefined;

  constructor(private readonly options: InstallDataErasureOptions) {}

  /** Waits for the flush in progress, if any (the SDK closing). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /**
   * Sends every pending erasure; resolves to how many still wait (the cloud
   * was unreachable). Cloud failures never throw; a failure to write the
   * plan's state does, and leaves the token pending.
   */
  flush(): Promise<number> {
    // One flush at a time; a caller arriving during one waits for it and then runs its own.
    const run = async (): Promise<number> => {
      const { plan, transportFor, onEvent } = this.options;
      for (const token of plan.erasurePending) {
        try {
          await createClient(cloud.DataRightsService, transportFor(token)).deleteData({ productId: "" });
          await plan.erasureDone(token);
          onEvent?.({ kind: "install-data-erased", outbox: "analytics" });
        } catch (err) {
          const failure = cloudCallError("DataRightsService/DeleteData", err);
          if (failure.transient) {
            onEvent?.({ kind: "install-erasure-deferred", outbox: "analytics", connectCode: failure.connectCode });
            continue;
          }
          await plan.erasureDone(token);
          onEvent?.({ kind: "install-erasure-refused", outbox: "analytics", connectCode: failure.connectCode });
        }
      }
      return plan.erasurePending.length;
    };
    const next = (this.running ?? Promise.resolve(0)).then(run, run);
    this.running = next;
    return next;
  }
}
