import { timestampDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { cloud, type Purpose } from "@datapact/proto";
import type { ConsentReceipt } from "../consent/consent-receipt.js";
import type { ConsentStore } from "../consent/consent-store.js";
import { scopeOf } from "../consent/policy-document.js";
import type { CloudCallError } from "../errors/cloud-call-error.js";
import { PolicyDocumentError } from "../errors/policy-document-error.js";
import { ReceiptMismatchError } from "../errors/receipt-mismatch-error.js";
import type { AppStorage } from "../storage/app-storage.js";
import { cloudCallError } from "../transport/cloud-call-failure.js";
import { decodeMirrorOperations, encodeMirrorOperations, type MirrorOperation } from "./mirror-operation.js";

/** The storage key of the consent changes the cloud has not acknowledged. */
export const CONSENT_MIRROR_KEY = "consent-mirror";

/** Whether a local change has reached the cloud yet. */
export interface MirrorOutcome {
  /** True when the cloud acknowledged it (and every change before it). */
  readonly mirrored: boolean;
}

/**
 * Keeps the cloud's copy of the user's consent in step with the consent
 * store (`ConsentService`).
 *
 * Giving consent needs the cloud: the receipt id the records will cite is the
 * cloud's, so nothing is recorded locally until the cloud has answered with a
 * receipt that matches the request. Taking something away (withdrawal,
 * switching a function or an upload off) is the reverse: it takes effect
 * locally at once and is then mirrored; while the cloud is unreachable the
 * change waits, persisted and in order, and is replayed before any later one.
 */
export class ConsentClient {
  private readonly client: Client<typeof cloud.ConsentService>;
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: ConsentStore,
    private readonly storage: AppStorage,
    transport: Transport,
    private queued: MirrorOperation[],
  ) {
    this.client = createClient(cloud.ConsentService, transport);
  }

  /** Opens the client with the changes still waiting in `storage`. Throws CorruptStateError. */
  static async open(store: ConsentStore, storage: AppStorage, transport: Transport): Promise<ConsentClient> {
    const bytes = await storage.get(CONSENT_MIRROR_KEY);
    return new ConsentClient(store, storage, transport, bytes ? decodeMirrorOperations(CONSENT_MIRROR_KEY, bytes) : []);
  }

  /** Changes waiting for the cloud, oldest first. */
  get pending(): readonly MirrorOperation[] {
    return this.queued;
  }

  /**
   * Consents to `purposes` of the policy in force for the general policy
   * (`productId` "") or a product's separate policy, and records the cloud's
   * receipt. Changes still waiting are sent first. Throws
   * PolicyDocumentError (no such policy, or purposes it does not declare),
   * CloudCallError, or ReceiptMismatchError; then nothing is recorded.
   */
  giveConsent(kind: cloud.PolicyKind, productId: string, purposes: readonly Purpose[]): Promise<ConsentReceipt> {
    return this.serial(async () => {
      const scope = scopeOf(kind, productId);
      const inForce = this.store.policyInForce(kind, productId);
      if (!inForce) throw new PolicyDocumentError("UNKNOWN_POLICY", scope, "");
      if (purposes.length === 0) throw new PolicyDocumentError("NO_PURPOSE", scope, inForce.version);
      if (purposes.some((p) => !inForce.purposes.includes(p))) throw new PolicyDocumentError("PURPOSE_NOT_DECLARED", scope, inForce.version);
      const stalled = await this.replay();
      if (stalled) throw stalled;
      let response: cloud.GiveConsentResponse;
      try {
        response = await this.client.giveConsent({ productId, policyKind: kind, policyVersion: inForce.version, purposes: [...purposes] });
      } catch (err) {
        throw cloudCallError("ConsentService/GiveConsent", err);
      }
      const receipt = matchingReceipt(response.receipt, kind, productId, inForce.version, purposes);
      await this.store.recordReceipt(receipt);
      return receipt;
    });
  }

  /** Withdraws consent locally at once (see ConsentStore.withdraw), then tells the cloud. */
  withdrawConsent(productId: string, purposes: readonly Purpose[] = []): Promise<MirrorOutcome> {
    return this.serial(async () => {
      await this.store.withdraw(productId, purposes.length > 0 ? purposes : undefined);
      return this.mirror({ op: "withdraw", productId, purposes: [...purposes] });
    });
  }

  /** Switches an off-by-default function locally, then tells the cloud. */
  setFunction(productId: string, fn: string, enabled: boolean): Promise<MirrorOutcome> {
    return this.serial(async () => {
      await this.store.setFunction(productId, fn, enabled);
      return this.mirror({ op: "function", productId, fn, enabled });
    });
  }

  /** Switches an upload switch locally, then tells the cloud. */
  setUploadSwitch(productId: string, name: string, enabled: boolean): Promise<MirrorOutcome> {
    return this.serial(async () => {
      await this.store.setUploadSwitch(productId, name, enabled);
      return this.mirror({ op: "upload-switch", productId, name, enabled });
    });
  }

  /** Sends the changes still waiting; resolves to how many still wait. */
  retryPending(): Promise<number> {
    return this.serial(async () => {
      await this.replay();
      return this.queued.length;
    });
  }

  private async mirror(op: MirrorOperation): Promise<MirrorOutcome> {
    await this.persist([...this.queued, op]);
    const stalled = await this.replay();
    return { mirrored: stalled === undefined };
  }

  /**
   * Sends waiting changes in order. Returns the error that stopped it when
   * the cloud is unreachable; throws when the cloud refuses one (that change
   * is dropped from the queue: the local state stands either way).
   */
  private async replay(): Promise<CloudCallError | undefined> {
    while (this.queued.length > 0) {
      const op = this.queued[0]!;
      try {
        await this.send(op);
      } catch (err) {
        const failure = cloudCallError(rpcOf(op), err);
        if (failure.transient) return failure;
        await this.persist(this.queued.slice(1));
        throw failure;
      }
      await this.persist(this.queued.slice(1));
    }
    return undefined;
  }

  private async send(op: MirrorOperation): Promise<void> {
    switch (op.op) {
      case "withdraw":
        await this.client.withdrawConsent({ productId: op.productId, purposes: [...op.purposes] });
        return;
      case "function":
        await this.client.setFunction({ productId: op.productId, function: op.fn, enabled: op.enabled });
        return;
      case "upload-switch":
        await this.client.setUploadSwitch({ productId: op.productId, uploadSwitch: op.name, enabled: op.enabled });
        return;
    }
  }

  private async persist(ops: MirrorOperation[]): Promise<void> {
    if (ops.length === 0) await this.storage.delete(CONSENT_MIRROR_KEY);
    else await this.storage.set(CONSENT_MIRROR_KEY, encodeMirrorOperations(ops));
    this.queued = ops;
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const result = this.chain.then(op, op);
    this.chain = result.catch(() => undefined);
    return result;
  }
}

function rpcOf(op: MirrorOperation): string {
  return op.op === "withdraw" ? "ConsentService/WithdrawConsent" : op.op === "function" ? "ConsentService/SetFunction" : "ConsentService/SetUploadSwitch";
}

/** The cloud's receipt as a local one, if it is the receipt that was asked for. */
function matchingReceipt(
  receipt: cloud.ConsentReceipt | undefined,
  kind: cloud.PolicyKind,
  productId: string,
  version: string,
  purposes: readonly Purpose[],
): ConsentReceipt {
  if (!receipt) throw new ReceiptMismatchError("missing");
  if (receipt.receiptId === "") throw new ReceiptMismatchError("receipt_id");
  if (receipt.productId !== productId) throw new ReceiptMismatchError("product_id");
  if (receipt.policyKind !== kind) throw new ReceiptMismatchError("policy_kind");
  if (receipt.policyVersion !== version) throw new ReceiptMismatchError("policy_version");
  const asked = new Set(purposes);
  const given = new Set(receipt.purposes);
  if (asked.size !== given.size || [...asked].some((p) => !given.has(p))) throw new ReceiptMismatchError("purposes");
  return {
    receiptId: receipt.receiptId,
    kind,
    productId,
    policyVersion: version,
    purposes: [...asked],
    givenAt: receipt.givenAt ? timestampDate(receipt.givenAt) : new Date(),
    withdrawn: [],
  };
}
