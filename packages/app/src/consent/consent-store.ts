import type { Registry } from "@bufbuild/protobuf";
import type { ConsentState } from "@datapact/policy";
import { cloud, type Purpose } from "@datapact/proto";
import { PolicyDocumentError } from "../errors/policy-document-error.js";
import { UnknownControlError } from "../errors/unknown-control-error.js";
import type { AppStorage } from "../storage/app-storage.js";
import type { ConsentChange, ConsentListener } from "./consent-change.js";
import { standingPurposes, type ConsentReceipt } from "./consent-receipt.js";
import { decodeConsentState, emptyConsentState, encodeConsentState, type ConsentStateData } from "./consent-state-codec.js";
import { purposesInForce } from "./policy-change.js";
import { checkPolicyDocument, scopeOf, type PolicyDocument } from "./policy-document.js";
import { controlsOf, type ProductControls } from "./product-controls.js";

/** The storage key of the consent state. */
export const CONSENT_STATE_KEY = "consent-state";

/** The receipt that decides a product's purposes, with the policy version it was given under. */
export interface GoverningReceipt {
  readonly receipt: ConsentReceipt;
  /** The policy in force for the receipt's scope. */
  readonly inForce: PolicyDocument;
}

/**
 * The user's consent as the app holds it: policy versions adopted, consent
 * receipts, function switches and upload switches, persisted in
 * {@link AppStorage} after every change. It is the `ConsentState` every
 * projection asks.
 *
 * Which receipt decides a product's purposes: the product's own (separate)
 * policy when one has been adopted, which takes priority (000 §2.3), and the
 * general policy otherwise. Either way the general policy's consent must
 * stand too: withdrawing it withdraws the app and every product (000 §05,
 * mechanism M133). Policy changes follow {@link purposesInForce}.
 *
 * Every change is validated before anything is written, persisted, then
 * applied and announced to listeners (which the SDK uses to purge its
 * outboxes at once). Changes run one at a time.
 */
export class ConsentStore implements ConsentState {
  private state: ConsentStateData;
  private readonly listeners = new Set<ConsentListener>();
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly storage: AppStorage,
    private readonly controls: ReadonlyMap<string, ProductControls>,
    state: ConsentStateData,
  ) {
    this.state = state;
  }

  /**
   * Opens the store kept in `storage`; a fresh store has consented to
   * nothing. `registry` holds the schemas whose function and upload switches
   * the store accepts. Throws CorruptStateError, leaving the stored bytes
   * alone, when the stored state cannot be read.
   */
  static async open(storage: AppStorage, registry: Registry): Promise<ConsentStore> {
    const bytes = await storage.get(CONSENT_STATE_KEY);
    const state = bytes ? decodeConsentState(CONSENT_STATE_KEY, bytes) : emptyConsentState;
    return new ConsentStore(storage, controlsOf(registry), state);
  }

  // --- ConsentState ---------------------------------------------------------

  allowsPurpose(productId: string, purpose: Purpose): boolean {
    return this.generalStands() && this.purposesFor(productId).has(purpose);
  }

  isFunctionEnabled(productId: string, fn: string): boolean {
    return this.state.enabledFunctions[productId]?.includes(fn) ?? false;
  }

  isFunctionDisabled(productId: string, fn: string): boolean {
    return this.state.disabledFunctions[productId]?.includes(fn) ?? false;
  }

  isUploadEnabled(productId: string, name: string): boolean {
    return !(this.state.disabledUploads[productId]?.includes(name) ?? false);
  }

  // --- queries --------------------------------------------------------------

  /** The policy version in force for the general policy (`productId` "") or a product's separate policy. */
  policyInForce(kind: cloud.PolicyKind, productId = ""): PolicyDocument | undefined {
    return this.versionsOf(scopeOf(kind, productId)).at(-1);
  }

  /** The receipt whose purposes decide `productId`'s data, if the user has consented. */
  governingReceipt(productId: string): GoverningReceipt | undefined {
    const scope = this.governingScope(productId);
    const receipt = this.latestReceipt(scope);
    const inForce = this.versionsOf(scope).at(-1);
    if (!receipt || !inForce || receipt.withdrawnAt) return undefined;
    return { receipt, inForce };
  }

  /**
   * Purposes the policy in force for `productId` declares that the user has
   * not (or no longer) consented to: what the app should ask about.
   */
  pendingPurposes(productId: string): Purpose[] {
    const inForce = this.versionsOf(this.governingScope(productId)).at(-1);
    if (!inForce) return [];
    return inForce.purposes.filter((p) => !this.allowsPurpose(productId, p));
  }

  /** Every receipt recorded, withdrawn ones included, oldest first. */
  receipts(): readonly ConsentReceipt[] {
    return this.state.receipts;
  }

  /** Functions of `productId` the user turned on. */
  enabledFunctions(productId: string): readonly string[] {
    return this.state.enabledFunctions[productId] ?? [];
  }

  /** Upload switches of `productId` the user turned off. */
  disabledUploads(productId: string): readonly string[] {
    return this.state.disabledUploads[productId] ?? [];
  }

  /** The switches the product's annotations declare, for a settings screen. */
  controlsOf(productId: string): ProductControls | undefined {
    return this.controls.get(productId);
  }

  // --- changes --------------------------------------------------------------

  /**
   * Adopts a policy version: it is in force from now on. Re-adopting the
   * same version with the same content changes nothing; adopting a version
   * already known with other content throws PolicyDocumentError.
   */
  adoptPolicy(doc: PolicyDocument): Promise<void> {
    return this.change(() => {
      checkPolicyDocument(doc);
      const scope = scopeOf(doc.kind, doc.productId);
      const known = this.versionsOf(scope).find((v) => v.version === doc.version);
      if (known) {
        if (!samePolicy(known, doc)) throw new PolicyDocumentError("VERSION_CONFLICT", scope, doc.version);
        return undefined;
      }
      const copy: PolicyDocument = { ...doc, purposes: [...doc.purposes] };
      return [{ ...this.state, policies: [...this.state.policies, copy] }, { kind: "policy-adopted", scope }];
    });
  }

  /**
   * Records a receipt (from the cloud's GiveConsent). Its policy version must
   * have been adopted and must declare every purpose it names. A newer
   * receipt of the same policy replaces the previous one as the user's
   * current choice; the previous one stays in the history.
   */
  recordReceipt(receipt: ConsentReceipt): Promise<void> {
    return this.change(() => {
      const scope = scopeOf(receipt.kind, receipt.productId);
      const doc = this.versionsOf(scope).find((v) => v.version === receipt.policyVersion);
      if (!doc) throw new PolicyDocumentError("UNKNOWN_VERSION", scope, receipt.policyVersion);
      if (receipt.purposes.length === 0) throw new PolicyDocumentError("NO_PURPOSE", scope, receipt.policyVersion);
      if (receipt.purposes.some((p) => !doc.purposes.includes(p))) throw new PolicyDocumentError("PURPOSE_NOT_DECLARED", scope, receipt.policyVersion);
      if (receipt.receiptId === "" || this.state.receipts.some((r) => r.receiptId === receipt.receiptId))
        throw new PolicyDocumentError("VERSION_CONFLICT", scope, receipt.policyVersion);
      const copy: ConsentReceipt = { ...receipt, purposes: [...receipt.purposes], withdrawn: [...receipt.withdrawn] };
      return [{ ...this.state, receipts: [...this.state.receipts, copy] }, { kind: "receipt-recorded", scope }];
    });
  }

  /**
   * Withdraws consent at once: `purposes` (all when omitted) of the
   * product's current receipt. `productId` "" withdraws the general policy,
   * which withdraws every product's consent with it (000 §05) and, when
   * withdrawn entirely (the whole app), forgets every receipt and switch on
   * the phone, keeping only the policies in force; a product
   * without a separate policy has nothing of its own to withdraw
   * (PolicyDocumentError UNKNOWN_POLICY). Resolves after
   * listeners have stopped what no longer has consent. Returns the receipts
   * changed.
   */
  withdraw(productId: string, purposes?: readonly Purpose[], at: Date = new Date()): Promise<ConsentReceipt[]> {
    const changed: ConsentReceipt[] = [];
    return this.change(() => {
      if (productId !== "" && this.versionsOf(scopeOf(cloud.PolicyKind.PRODUCT, productId)).length === 0)
        // A product without a separate policy is governed by the general one: withdrawing "it" alone means nothing.
        throw new PolicyDocumentError("UNKNOWN_POLICY", scopeOf(cloud.PolicyKind.PRODUCT, productId), "");
      const general = scopeOf(cloud.PolicyKind.GENERAL, "");
      const own = productId === "" ? general : scopeOf(cloud.PolicyKind.PRODUCT, productId);
      const target = this.latestReceipt(own);
      if (!target || target.withdrawnAt) return undefined;
      const after = withdrawPurposes(target, purposes, at);
      if (after === target) return undefined;
      changed.push(after);
      const replaced = new Map<ConsentReceipt, ConsentReceipt>([[target, after]]);
      if (own === general && after.withdrawnAt) {
        // The general policy withdrawn entirely takes every product's consent with it.
        const productScopes = new Set(this.state.receipts.filter((r) => r.kind === cloud.PolicyKind.PRODUCT).map((r) => scopeOf(r.kind, r.productId)));
        for (const scope of productScopes) {
          const latest = this.latestReceipt(scope);
          if (!latest || latest.withdrawnAt) continue;
          const gone = withdrawPurposes(latest, undefined, at);
          replaced.set(latest, gone);
          changed.push(gone);
        }
      }
      const receipts = this.state.receipts.map((r) => replaced.get(r) ?? r);
      if (changed.length === 0) return undefined;
      if (own === general && after.withdrawnAt) {
        // The whole app withdrawn: the user's data on the phone goes too (000 §05,
        // decision 0011). Receipts and switches are forgotten; the policies in
        // force are the app's, not the user's, and stay. The cloud hears of the
        // withdrawal from ConsentClient, whose queue keeps no receipt.
        return [{ ...emptyConsentState, policies: this.state.policies }, { kind: "withdrawn", productId, entirely: true }];
      }
      return [{ ...this.state, receipts }, { kind: "withdrawn", productId, entirely: after.withdrawnAt !== undefined }];
    }).then(() => changed);
  }

  /**
   * Turns a function of a product on or off: one that is off by default
   * stays off until turned on; one that is on by default (weather
   * positioning, say) runs until turned off (seed mechanisms M026, M027).
   */
  setFunction(productId: string, fn: string, enabled: boolean): Promise<void> {
    return this.change(() => {
      const declared = this.controls.get(productId)?.functions.get(fn);
      if (!declared) throw new UnknownControlError("function", productId, fn, "not-declared");
      if (declared.offByDefault) {
        const enabledFunctions = toggled(this.state.enabledFunctions, productId, fn, enabled);
        if (!enabledFunctions) return undefined;
        return [{ ...this.state, enabledFunctions }, { kind: "function", productId, enabled }];
      }
      const disabledFunctions = toggled(this.state.disabledFunctions, productId, fn, !enabled);
      if (!disabledFunctions) return undefined;
      return [{ ...this.state, disabledFunctions }, { kind: "function", productId, enabled }];
    });
  }

  /** Turns a per-function upload switch on (the default) or off. */
  setUploadSwitch(productId: string, name: string, enabled: boolean): Promise<void> {
    return this.change(() => {
      if (!this.controls.get(productId)?.uploadSwitches.has(name)) throw new UnknownControlError("upload_switch", productId, name, "not-declared");
      const disabledUploads = toggled(this.state.disabledUploads, productId, name, !enabled);
      if (!disabledUploads) return undefined;
      return [{ ...this.state, disabledUploads }, { kind: "upload-switch", productId, enabled }];
    });
  }

  /** Calls `listener` after every persisted change; returns the unsubscribe function. */
  onChange(listener: ConsentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- internals ------------------------------------------------------------

  /** Runs one change at a time: compute (may throw, nothing written), persist, apply, announce. */
  private change(compute: () => [ConsentStateData, ConsentChange] | undefined): Promise<void> {
    const run = async () => {
      const next = compute();
      if (!next) return;
      const [state, change] = next;
      await this.storage.set(CONSENT_STATE_KEY, encodeConsentState(state));
      this.state = state;
      for (const listener of [...this.listeners]) await listener(change);
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private generalStands(): boolean {
    const general = scopeOf(cloud.PolicyKind.GENERAL, "");
    return this.purposesInScope(general).size > 0;
  }

  private governingScope(productId: string): string {
    const product = scopeOf(cloud.PolicyKind.PRODUCT, productId);
    return this.versionsOf(product).length > 0 ? product : scopeOf(cloud.PolicyKind.GENERAL, "");
  }

  private purposesFor(productId: string): ReadonlySet<Purpose> {
    return this.purposesInScope(this.governingScope(productId));
  }

  private purposesInScope(scope: string): ReadonlySet<Purpose> {
    const receipt = this.latestReceipt(scope);
    return receipt ? purposesInForce(receipt, this.versionsOf(scope)) : new Set();
  }

  private latestReceipt(scope: string): ConsentReceipt | undefined {
    for (let i = this.state.receipts.length - 1; i >= 0; i--) {
      const r = this.state.receipts[i]!;
      if (scopeOf(r.kind, r.productId) === scope) return r;
    }
    return undefined;
  }

  private versionsOf(scope: string): PolicyDocument[] {
    return this.state.policies.filter((p) => scopeOf(p.kind, p.productId) === scope);
  }
}

function samePolicy(a: PolicyDocument, b: PolicyDocument): boolean {
  const sa = [...a.purposes].sort();
  const sb = [...b.purposes].sort();
  return a.material === b.material && sa.length === sb.length && sa.every((p, i) => p === sb[i]);
}

function withdrawPurposes(receipt: ConsentReceipt, purposes: readonly Purpose[] | undefined, at: Date): ConsentReceipt {
  const standing = standingPurposes(receipt);
  const leaving = purposes === undefined ? standing : standing.filter((p) => purposes.includes(p));
  if (leaving.length === 0) return receipt;
  const withdrawn = [...receipt.withdrawn, ...leaving.map((purpose) => ({ purpose, at }))];
  const allGone = leaving.length === standing.length;
  return { ...receipt, withdrawn, withdrawnAt: allGone ? at : undefined };
}

/** The per-product lists with `name` added (on) or removed; undefined when nothing changes. */
function toggled(
  lists: Readonly<Record<string, readonly string[]>>,
  productId: string,
  name: string,
  on: boolean,
): Record<string, readonly string[]> | undefined {
  const current = lists[productId] ?? [];
  if (current.includes(name) === on) return undefined;
  const next = on ? [...current, name].sort() : current.filter((n) => n !== name);
  // fromEntries defines own properties, so no product id can reach the prototype.
  return Object.fromEntries([...Object.entries(lists).filter(([k]) => k !== productId), [productId, next]]);
}
