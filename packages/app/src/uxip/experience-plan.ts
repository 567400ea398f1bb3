import type { ConsentState } from "@datapact/policy";
import { cloud, Purpose } from "@datapact/proto";
import { randomUUID } from "node:crypto";
import type { ConsentStore } from "../consent/consent-store.js";
import { PolicyDocumentError } from "../errors/policy-document-error.js";
import type { AppStorage } from "../storage/app-storage.js";
import { decodeExperiencePlanState, encodeExperiencePlanState, type ExperiencePlanState } from "./experience-plan-state.js";

/** The storage key of the plan's state. Kept apart from the consent state, which holds the receipts. */
export const EXPERIENCE_PLAN_KEY = "uxip";

/**
 * The User Experience Improvement Plan (seed 000 §05, mechanisms M014, M015,
 * M142): opt-in, off until the user joins, and left at any time.
 *
 * Joining creates a random per-install token (128 bits, `crypto.randomUUID`)
 * and a random enrolment id. Neither is ever sent with the user's token or
 * stored with an account id; analytics carry them on their own transport.
 * Leaving stops both at once, so joining again starts a new, unlinkable
 * identity, and listeners drop whatever analytics were queued; the old
 * token is kept only until the cloud has erased what it collected.
 *
 * {@link consent} is the consent state analytics are projected under:
 * analytics alone, only while enrolled, and only where the product's own
 * consent allows analytics too.
 */
export class ExperiencePlan {
  private readonly listeners = new Set<(optedIn: boolean) => void | Promise<void>>();
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly storage: AppStorage,
    private readonly store: ConsentStore,
    private state: ExperiencePlanState,
  ) {}

  /** Opens the plan's state in `storage`; a fresh install is not enrolled. Throws CorruptStateError. */
  static async open(storage: AppStorage, store: ConsentStore): Promise<ExperiencePlan> {
    const bytes = await storage.get(EXPERIENCE_PLAN_KEY);
    return new ExperiencePlan(storage, store, bytes ? decodeExperiencePlanState(EXPERIENCE_PLAN_KEY, bytes) : { optedIn: false });
  }

  get optedIn(): boolean {
    return this.state.optedIn;
  }

  /** The per-install token while enrolled; undefined otherwise. */
  get installToken(): string | undefined {
    return this.state.optedIn ? this.state.installToken : undefined;
  }

  /** The enrolment id analytics statements cite, while enrolled. */
  get receiptId(): string | undefined {
    return this.state.optedIn ? this.state.receiptId : undefined;
  }

  /** The general policy version the user joined under, while enrolled. */
  get policyVersion(): string | undefined {
    return this.state.optedIn ? this.state.policyVersion : undefined;
  }

  /** The consent analytics are projected under. */
  readonly consent: ConsentState = {
    allowsPurpose: (productId, purpose) => this.state.optedIn && purpose === Purpose.ANALYTICS && this.store.allowsPurpose(productId, purpose),
    isFunctionEnabled: (productId, fn) => this.store.isFunctionEnabled(productId, fn),
    isUploadEnabled: (productId, name) => this.store.isUploadEnabled(productId, name),
  };

  /**
   * Joins the plan under the general policy in force (PolicyDocumentError
   * UNKNOWN_POLICY when none has been adopted). Joining while enrolled
   * changes nothing. Nothing collected before joining is sent: analytics are
   * not collected at all while not enrolled.
   */
  optIn(at: Date = new Date()): Promise<void> {
    return this.serial(async () => {
      if (this.state.optedIn) return;
      const general = this.store.policyInForce(cloud.PolicyKind.GENERAL);
      if (!general) throw new PolicyDocumentError("UNKNOWN_POLICY", "general", "");
      // Joining again keeps the old enrolments' erasures pending: they are still owed.
      await this.commit({ optedIn: true, installToken: randomUUID(), receiptId: randomUUID(), policyVersion: general.version, optedInAt: at, erasurePending: this.erasurePending });
    });
  }

  /**
   * Leaves the plan at once: nothing more is collected or sent under the
   * token, listeners drop queued analytics and ask the cloud to erase what
   * the token collected (M134). The token is kept, for that request only,
   * until the cloud has confirmed the erasure ({@link erasureDone}).
   */
  optOut(): Promise<void> {
    return this.serial(async () => {
      if (!this.state.optedIn) return;
      await this.commit({ optedIn: false, erasurePending: [...this.erasurePending, this.state.installToken] });
    });
  }

  /** Tokens of left enrolments whose cloud erasure is not confirmed yet. */
  get erasurePending(): readonly string[] {
    return this.state.erasurePending ?? [];
  }

  /** Forgets `token` for good: the cloud erased what it collected (or will never hold anything under it). */
  erasureDone(token: string): Promise<void> {
    return this.serial(async () => {
      if (!this.erasurePending.includes(token)) return;
      // Not a change of enrolment: the state is written without telling listeners.
      const next: ExperiencePlanState = { ...this.state, erasurePending: this.erasurePending.filter((t) => t !== token) };
      await this.storage.set(EXPERIENCE_PLAN_KEY, encodeExperiencePlanState(next));
      this.state = next;
    });
  }

  /** Calls `listener` after every persisted change; returns the unsubscribe function. */
  onChange(listener: (optedIn: boolean) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async commit(next: ExperiencePlanState): Promise<void> {
    await this.storage.set(EXPERIENCE_PLAN_KEY, encodeExperiencePlanState(next));
    this.state = next;
    for (const listener of [...this.listeners]) await listener(next.optedIn);
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const result = this.chain.then(op, op);
    this.chain = result.catch(() => undefined);
    return result;
  }
}
